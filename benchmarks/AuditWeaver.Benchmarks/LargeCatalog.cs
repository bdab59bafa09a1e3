using System.Globalization;
using System.Linq;
using System.Text;
using System.Xml.Linq;
using AuditWeaver.Fody.Configuration;
using AuditWeaver.Fody.Engine;

namespace AuditWeaver.Benchmarks;

/// <summary>
/// A thousand custom APIs configured the way a user does it, as &lt;Api&gt; entries of FodyWeavers.xml read by the same
/// strict reader: the question is whether a bigger catalog costs anything per call or per weave.
/// </summary>
internal static class LargeCatalog
{
    internal const int ExtraEntries = 1000;

    internal static WeaverOptions Options()
    {
        var xml = new StringBuilder("<AuditWeaver>");
        for (var i = 0; i < ExtraEntries; i++)
        {
            // Spread over types and overloads, as a real configuration of a company's own APIs would be.
            xml.AppendFormat(
                CultureInfo.InvariantCulture,
                "<Api id='M:Contoso.Storage.Api{0}.Open{1}(System.String,System.Int32)' event='contoso.storage.open' category='contoso' arguments='path=$0' />",
                i / 10,
                i % 10);
        }

        var configuration = WeaverConfiguration.Read(XElement.Parse(xml.Append("</AuditWeaver>").ToString()), "benchmark configuration");
        if (configuration.HasErrors || configuration.Options.CustomApis.Count != ExtraEntries)
        {
            throw new System.InvalidOperationException("The benchmark configuration is invalid: " + string.Join("; ", configuration.Problems.Select(p => p.Message)));
        }

        return configuration.Options;
    }
}
