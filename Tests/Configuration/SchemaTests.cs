using System;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using System.Xml.Schema;
using AuditWeaver.Fody.Configuration;
using AuditWeaver.Fody.Engine;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Configuration;

/// <summary>The .xcf schema Fody merges into FodyWeavers.xsd describes exactly what the reader accepts.</summary>
public class SchemaTests
{
    private static readonly XNamespace s_xs = "http://www.w3.org/2001/XMLSchema";

    private static XElement Xcf => XElement.Load(Path.Combine(Paths.RepositoryRoot, "AuditWeaver.Fody", "AuditWeaver.Fody.xcf"));

    [Test]
    public void EveryAttributeAndElementIsDocumented()
    {
        var rootAttributes = Xcf.Elements(s_xs + "attribute").ToDictionary(a => (string)a.Attribute("name")!);
        Assert.That(rootAttributes.Keys, Is.EquivalentTo(WeaverConfiguration.Attributes.Keys));
        Assert.That(rootAttributes.Values.Select(Documentation), Has.All.Length.GreaterThan(10));

        var elements = Xcf.Descendants(s_xs + "element").ToDictionary(e => (string)e.Attribute("name")!);
        Assert.That(elements.Keys, Is.EquivalentTo(WeaverConfiguration.Elements.Keys));
        foreach (var (name, attributes) in WeaverConfiguration.Elements)
        {
            var declared = elements[name].Descendants(s_xs + "attribute").ToList();
            Assert.That(declared.Select(a => (string)a.Attribute("name")!), Is.EquivalentTo(attributes), name);
            Assert.That(declared.Select(Documentation), Has.All.Length.GreaterThan(10), name);
        }
    }

    [Test]
    public void EnumerationsListEveryValue()
    {
        Assert.That(Enumeration(Xcf.Elements(s_xs + "attribute").Single(a => (string)a.Attribute("name")! == "Mode")), Is.EqualTo(Enum.GetNames(typeof(WeaveMode))));
        Assert.That(Enumeration(Xcf.Descendants(s_xs + "attribute").Single(a => (string)a.Attribute("name")! == "severity")), Is.EqualTo(Enum.GetNames(typeof(DiagnosticSeverity))));
    }

    [TestCase("<AuditWeaver Mode='Report' Categories='file'><Api id='M:A.B' event='a.b' category='a' /><Deny event='process.start' /><Diagnostic id='AW1007' severity='Error' /></AuditWeaver>", true)]
    [TestCase("<AuditWeaver Mode='Fast' />", false)]
    [TestCase("<AuditWeaver Colour='red' />", false)]
    [TestCase("<AuditWeaver><Deny /></AuditWeaver>", false)]
    public void TheSchemaValidatesConfigurations(string xml, bool valid)
    {
        var schema = new XElement(s_xs + "schema", new XElement(s_xs + "element", new XAttribute("name", "AuditWeaver"), Xcf));
        var schemas = new XmlSchemaSet();
        schemas.Add(null, schema.CreateReader());
        var errors = 0;
        XDocument.Parse(xml).Validate(schemas, (_, _) => errors++);
        Assert.That(errors == 0, Is.EqualTo(valid));
    }

    private static string Documentation(XElement declaration) =>
        declaration.Element(s_xs + "annotation")?.Element(s_xs + "documentation")?.Value ?? string.Empty;

    private static string[] Enumeration(XElement declaration) =>
        declaration.Descendants(s_xs + "enumeration").Select(e => (string)e.Attribute("value")!).ToArray();
}
