using System;
using System.IO;
using System.Linq;
using System.Xml;
using System.Xml.Linq;
using AuditWeaver.Fody.Configuration;
using AuditWeaver.Fody.Engine;

namespace AuditWeaver.Tool.CommandLine;

/// <summary>
/// Reads --config: a FodyWeavers.xml (its <c>&lt;AuditWeaver&gt;</c> element) or a file whose root is that element, with
/// the same reader, vocabulary and errors as the Fody add-in. Without --config, the defaults.
/// </summary>
internal static class ConfigurationFile
{
    internal static ConfigurationResult Load(string? path, TextWriter error)
    {
        if (path == null)
        {
            return WeaverConfiguration.Read(null);
        }

        XDocument document;
        try
        {
            document = XDocument.Load(path, LoadOptions.SetLineInfo);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new UsageException("--config " + path + ": cannot be read (" + exception.Message.TrimEnd('.') + ").");
        }
        catch (XmlException exception)
        {
            throw new UsageException("--config " + path + ": is not well-formed XML: " + exception.Message);
        }

        var root = document.Root!;
        var element = root.Name.LocalName == "AuditWeaver" ? root : root.Elements().FirstOrDefault(e => e.Name.LocalName == "AuditWeaver");
        if (element == null)
        {
            throw new UsageException("--config " + path + ": has no <AuditWeaver> element; write one as in FodyWeavers.xml, e.g. <Weavers><AuditWeaver ExcludeEvents=\"file.stat\" /></Weavers>.");
        }

        var result = WeaverConfiguration.Read(element, path);
        foreach (var problem in result.Problems.Where(p => p.Severity != DiagnosticSeverity.Error))
        {
            error.WriteLine(problem.Message);
        }

        if (result.HasErrors)
        {
            throw new UsageException(string.Join(Environment.NewLine, result.Problems.Where(p => p.Severity == DiagnosticSeverity.Error).Select(p => p.Message)));
        }

        return result;
    }
}
