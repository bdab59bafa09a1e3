using System;
using System.Globalization;
using System.IO;
using System.Text;
using AuditWeaver.Catalog;

namespace AuditWeaver.Benchmarks;

/// <summary>
/// The built-in catalog plus a thousand custom APIs, standing in for the FodyWeavers.xml custom-API configuration that
/// does not exist yet: the question is whether a bigger catalog costs anything per call or per weave.
/// </summary>
internal static class LargeCatalog
{
    internal const int ExtraEntries = 1000;

    internal static AuditCatalog Create()
    {
        var text = new StringBuilder(BuiltInText());
        text.Append('\n');
        for (var i = 0; i < ExtraEntries; i++)
        {
            // Spread over types and overloads, as a real configuration of a company's own APIs would be.
            text.AppendFormat(
                CultureInfo.InvariantCulture,
                "M:Contoso.Storage.Api{0}.Open{1}(System.String,System.Int32) -> file.open($0, \"Open\", \"Read\")\n",
                i / 10,
                i % 10);
        }

        return AuditCatalog.Parse(text.ToString(), "large-catalog");
    }

    private static string BuiltInText()
    {
        var assembly = typeof(AuditCatalog).Assembly;
        using var stream = assembly.GetManifestResourceStream(AuditCatalog.ResourceName)
            ?? throw new InvalidOperationException("The built-in catalog is missing from " + assembly.FullName + ".");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
