using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;
using AuditWeaver.Fody.Configuration;
using AuditWeaver.Fody.Engine;
using NUnit.Framework;

namespace Tests.Configuration;

/// <summary>
/// Whatever a user writes in <c>&lt;Api arguments="..."&gt;</c>, the configuration reader answers with an AW error that
/// names the attribute, or accepts it; it never throws. Numbers out of range and stray signs included. (Arguments that
/// parse but do not fit a matched member, $3 of a one-parameter method, are the engine's error at the call site:
/// AssemblyWeavingTests.)
/// </summary>
public class ApiArgumentsTests
{
    private const string Valid = "a=$0, b=host($1).Length, c=\"x\", d=-12, e=array($0, 3), f=null, g=true, h=$this";

    [TestCase("n=-", "'-' is not a whole number from -2147483648 to 2147483647 at column 3.")]
    [TestCase("n=1-2", "'1-2' is not a whole number from -2147483648 to 2147483647 at column 3.")]
    [TestCase("n=--1", "'--1' is not a whole number from -2147483648 to 2147483647 at column 3.")]
    [TestCase("n=2147483648", "'2147483648' is not a whole number from -2147483648 to 2147483647 at column 3.")]
    [TestCase("n=$99999999999", "'$99999999999' is neither $this nor a parameter index such as $0 at column 3.")]
    [TestCase("n=$-1", "'$' is neither $this nor a parameter index such as $0 at column 3.")]
    [TestCase("n=$result", "'$result' is neither $this nor a parameter index such as $0 at column 3.")]
    public void AMalformedNumberIsAnErrorNamingTheAttribute(string arguments, string reason)
    {
        var problem = ReadApi(arguments).Single();
        Assert.That(problem.Message, Is.EqualTo(
            "FodyWeavers.xml(1,61): AW1002: Api attribute arguments=\"" + arguments + "\" is not a list of name=expression (for example sql=$0, host=host($1)): " + reason));
    }

    [Test]
    public void EveryTruncationAndOneCharacterEditOfAValidListIsAcceptedOrAnError()
    {
        Assert.That(ReadApi(Valid), Is.Empty, "the list the edits start from is valid");
        var edits = Edits(Valid).Distinct().ToList();
        var rejected = 0;
        foreach (var arguments in edits)
        {
            List<WeaveDiagnostic> problems = null!;
            Assert.DoesNotThrow(() => problems = ReadApi(arguments), arguments);
            if (problems.Count == 0)
            {
                continue;
            }

            rejected++;
            Assert.That(problems, Has.Count.EqualTo(1), arguments);
            Assert.That(problems[0].Id, Is.EqualTo("AW1002"), arguments);
            Assert.That(problems[0].Message, Does.Contain("Api attribute arguments=\""), arguments);
        }

        Assert.That(rejected, Is.GreaterThan(edits.Count / 4), "most edits break the list, so the loop checked real errors");
    }

    // Every prefix, and every single character deleted or replaced by one that means something in the syntax.
    private static IEnumerable<string> Edits(string text)
    {
        const string Significant = "-$().,=\" 9a";
        for (var i = 0; i < text.Length; i++)
        {
            yield return text.Substring(0, i);
            yield return text.Remove(i, 1);
            foreach (var c in Significant)
            {
                yield return text.Substring(0, i) + c + text.Substring(i + 1);
            }
        }
    }

    private static List<WeaveDiagnostic> ReadApi(string arguments) =>
        WeaverConfiguration.Read(XElement.Parse(
            "<AuditWeaver><Api id='M:A.B' event='acme.x' category='acme' arguments='" + arguments.Replace("'", "&apos;", StringComparison.Ordinal) + "' /></AuditWeaver>",
            LoadOptions.SetLineInfo)).Problems.ToList();
}
