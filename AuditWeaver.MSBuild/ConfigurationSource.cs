using System;
using System.IO;
using System.Linq;
using System.Xml;
using System.Xml.Linq;
using AuditWeaver.Fody.Configuration;

namespace AuditWeaver.MSBuild;

/// <summary>
/// Finds the <c>&lt;AuditWeaver&gt;</c> element where Fody does (the WeaverConfiguration property, else the project's
/// FodyWeavers.xml) and reads it with the weaver's own strict reader, so a dependency is woven under exactly the
/// configuration the project's own assembly was.
/// </summary>
internal static class ConfigurationSource
{
    internal static ConfigurationResult? Read(string? file, string? propertyText, out XElement? element, out string location)
    {
        element = null;
        XDocument document;
        try
        {
            if (!string.IsNullOrWhiteSpace(propertyText))
            {
                location = "the WeaverConfiguration property";
                document = XDocument.Parse(propertyText, LoadOptions.SetLineInfo);
            }
            else if (!string.IsNullOrEmpty(file) && File.Exists(file))
            {
                location = file!;
                document = XDocument.Load(file, LoadOptions.SetLineInfo);
            }
            else
            {
                location = string.IsNullOrEmpty(file) ? "FodyWeavers.xml" : file!;
                return null;
            }
        }
        catch (XmlException)
        {
            // Fody reads the same file first and fails the build with the parser's message.
            location = file ?? "FodyWeavers.xml";
            return null;
        }

        element = document.Root?.Name.LocalName == "AuditWeaver" ? document.Root : document.Root?.Elements().FirstOrDefault(e => e.Name.LocalName == "AuditWeaver");
        return element == null ? null : WeaverConfiguration.Read(element, location);
    }

    /// <summary>
    /// What a woven copy depends on besides its input: the weaver's and this task's builds (their module version ids),
    /// and the configuration, except the Dependencies attribute, which decides only which dependencies are woven.
    /// </summary>
    internal static string Fingerprint(XElement? element, params Type[] code)
    {
        var configuration = element == null ? new XElement("AuditWeaver") : new XElement(element);
        configuration.Attribute("Dependencies")?.Remove();
        var parts = code.Select(t => t.Assembly.ManifestModule.ModuleVersionId.ToString("N")).Append(configuration.ToString(SaveOptions.DisableFormatting));
        return WovenCopyCache.HashOf(parts);
    }
}
