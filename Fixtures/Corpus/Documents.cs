using System.IO;
using System.Linq;
using AngleSharp;
using AngleSharp.Html.Parser;
using HandlebarsDotNet;
using HtmlAgilityPack;
using Humanizer;
using Jint;
using Markdig;
using Sprache;

namespace Corpus;

/// <summary>Text in, text out: Markdown, HTML (two parsers, one reading a file), templates, humanized words, a parser combinator, JavaScript.</summary>
internal static class Documents
{
    internal static void Run(Report report, string folder)
    {
        var markdown = "# Title\n\nSome *emphasis* and a [link](https://example.org).\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- [ ] open\n";
        var pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();
        report.Step("markdig.html", () => Markdown.ToHtml(markdown, pipeline));
        report.Step("markdig.plain", () => Markdown.ToPlainText(markdown));

        var html = "<html><body><ul id='list'><li class='x'>one</li><li>two</li><li class='x'>three &amp; four</li></ul><p>tail</body></html>";
        report.Step("anglesharp.select", () => string.Join("|", new HtmlParser().ParseDocument(html).QuerySelectorAll("li.x").Select(e => e.TextContent)));
        report.Step("anglesharp.serialize", () => new HtmlParser().ParseDocument(html).Body!.ToHtml());

        var page = Path.Combine(folder, "page.html");
        File.WriteAllText(page, html);
        report.Step("htmlagilitypack.load", () =>
        {
            var document = new HtmlDocument();
            document.Load(page);
            return string.Join("|", document.DocumentNode.SelectNodes("//li")!.Select(n => n.InnerText)) + " errors=" + document.ParseErrors.Count();
        });
        report.Step("htmlagilitypack.missing", () => new HtmlDocument().DetectEncoding(Path.Combine(folder, "missing.html")));

        report.Step("handlebars.render", () =>
        {
            var template = Handlebars.Compile("Hello {{name}}! {{#each items}}[{{@index}}:{{this}}]{{/each}} {{#if vip}}VIP{{else}}regular{{/if}}");
            return template(new { name = "Grace", items = new[] { "a", "b", "c" }, vip = true });
        });
        report.Step("handlebars.unclosed", () => Handlebars.Compile("{{#each items}}no end")(new { items = new[] { 1 } }));

        report.Step("humanizer", () => string.Join(" | ", new[]
        {
            "some_pascal_case_Name".Humanize(),
            "man".Pluralize(),
            1234.ToWords(),
            System.TimeSpan.FromMinutes(1532).Humanize(2),
            "Long text that needs truncating".Truncate(12),
            3.Ordinalize(),
            "invoice_line".Dehumanize(),
        }));

        report.Step("sprache.sum", () => Arithmetic.Sum.Parse(" 12 + 30 +  0 "));
        report.Step("sprache.error", () => Arithmetic.Sum.End().Parse("12 + + 3"));

        report.Step("jint.evaluate", () => new Engine().Execute("function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }").Evaluate("JSON.stringify({ f: fib(15), s: [3,1,2].sort(), t: typeof null })").AsString());
        report.Step("jint.interop", () => new Engine().SetValue("order", Order.Sample()).Evaluate("order.Lines.Count + ':' + order.Customer.toUpperCase()").ToString());
        report.Step("jint.throw", () => new Engine().Evaluate("throw new TypeError('bad thing')"));
        report.Step("jint.syntax", () => new Engine().Evaluate("function ("));
    }
}

/// <summary>A small Sprache grammar: integers separated by '+'.</summary>
internal static class Arithmetic
{
    private static readonly Parser<int> s_number = Parse.Number.Token().Select(int.Parse);

    internal static readonly Parser<int> Sum = s_number.DelimitedBy(Parse.Char('+').Token()).Select(numbers => numbers.Sum());
}
