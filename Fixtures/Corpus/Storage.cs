using System.IO;
using System.Linq;
using ICSharpCode.SharpZipLib.Zip;
using LiteDB;
using Microsoft.Extensions.Configuration;
using NLog;
using NLog.Config;
using NLog.Targets;

namespace Corpus;

/// <summary>Packages that work with files themselves: a zip library, an embedded database, a logger, configuration.</summary>
internal static class Storage
{
    internal static void Run(Report report, string folder)
    {
        var source = Path.Combine(folder, "to-zip");
        Directory.CreateDirectory(Path.Combine(source, "nested"));
        File.WriteAllText(Path.Combine(source, "a.txt"), "alpha");
        File.WriteAllText(Path.Combine(source, "nested", "b.txt"), new string('b', 5000));
        var zip = Path.Combine(folder, "archive.zip");
        var extracted = Path.Combine(folder, "extracted");
        report.Step("sharpziplib.create", () =>
        {
            new FastZip().CreateZip(zip, source, recurse: true, fileFilter: null);
            using var file = new ZipFile(zip);
            return string.Join(",", file.Cast<ZipEntry>().Select(e => e.Name + "=" + e.Size).OrderBy(n => n, System.StringComparer.Ordinal));
        });
        report.Step("sharpziplib.extract", () =>
        {
            new FastZip().ExtractZip(zip, extracted, fileFilter: null);
            return File.ReadAllText(Path.Combine(extracted, "a.txt")) + " " + File.ReadAllText(Path.Combine(extracted, "nested", "b.txt")).Length;
        });
        report.Step("sharpziplib.not-a-zip", () =>
        {
            using var file = new ZipFile(Path.Combine(source, "a.txt"));
            return file.Count;
        });

        report.Step("litedb", () =>
        {
            using var database = new LiteDatabase(Path.Combine(folder, "store.db"));
            var lines = database.GetCollection<OrderLine>("lines");
            lines.Insert(Order.Sample().Lines);
            lines.EnsureIndex(l => l.Product);
            return lines.Count() + " " + lines.FindOne(l => l.Quantity > 2).Product + " " + string.Join(",", lines.Query().OrderBy(l => l.Price).Select(l => l.Product).ToList());
        });

        var log = Path.Combine(folder, "logs", "nlog.txt");
        report.Step("nlog", () =>
        {
            var configuration = new LoggingConfiguration();
            configuration.AddRuleForAllLevels(new FileTarget("file") { FileName = log, Layout = "${level}|${logger}|${message}" });
            using var factory = new LogFactory { Configuration = configuration };
            var logger = factory.GetLogger("corpus");
            logger.Info("first {Number}", 1);
            logger.Warn("second {Text}", "two");
            factory.Shutdown();
            return string.Join(" / ", File.ReadAllLines(log));
        });

        var settings = Path.Combine(folder, "appsettings.json");
        File.WriteAllText(settings, "{ \"Service\": { \"Name\": \"corpus\", \"Ports\": [ 80, 443 ] }, \"Flags\": { \"Beta\": true } }");
        File.WriteAllText(Path.Combine(folder, "broken.json"), "{ \"Service\": ");
        report.Step("configuration.json", () =>
        {
            var configuration = new ConfigurationBuilder().SetBasePath(folder).AddJsonFile("appsettings.json").Build();
            return configuration["Service:Name"] + " " + configuration["Service:Ports:1"] + " " + configuration.GetSection("Flags")["Beta"];
        });
        report.Step("configuration.broken", () => new ConfigurationBuilder().SetBasePath(folder).AddJsonFile("broken.json").Build()["Service"]);
        report.Step("configuration.missing", () => new ConfigurationBuilder().SetBasePath(folder).AddJsonFile("missing.json").Build()["Service"]);
    }
}
