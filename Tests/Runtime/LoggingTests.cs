using System;
using System.Linq;
using System.Threading.Tasks;
using AuditWeaver;
using AuditWeaver.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Runtime;

/// <summary>AuditWeaver.Extensions.Logging: audit events as structured entries of a real LoggerFactory.</summary>
public class LoggingTests : TempFixture
{
    [Test]
    public void LogAuditEventWritesTheEventAsStructuredFields()
    {
        var path = Temp.Write("a.txt", "x");
        dynamic files = Woven.Create("FileScenarios");
        AuditEvent opened;
        using (var capture = Audit.Capture())
        {
            files.ReadAllText(path);
            opened = capture.Events.Single(e => e.Name == "file.open");
        }

        var recording = new RecordingLoggerProvider();
        using (var factory = LoggerFactory.Create(logging => logging.AddProvider(recording)))
        {
            factory.CreateLogger("Test").LogAuditEvent(opened, LogLevel.Warning);
        }

        var entry = recording.Entries.Single();
        Assert.Multiple(() =>
        {
            Assert.That(entry.Level, Is.EqualTo(LogLevel.Warning));
            Assert.That(entry.EventId, Is.EqualTo(new EventId(1, "AuditEvent")));
            Assert.That(entry.Message, Is.EqualTo(opened.ToString()));
            Assert.That(entry.Fields["AuditEvent"], Is.EqualTo("file.open"));
            Assert.That(entry.Fields["AuditCategory"], Is.EqualTo("file"));
            Assert.That(entry.Fields["AuditArguments"], Is.EqualTo("path: \"" + path + "\", mode: \"Open\", access: \"Read\""));
            Assert.That(entry.Fields["AuditApi"], Is.EqualTo("M:System.IO.File.ReadAllText(System.String)"));
            Assert.That(entry.Fields["AuditCaller"], Does.StartWith("AssemblyToProcess.FileScenarios.ReadAllText"));
            Assert.That(entry.Fields["AuditSourceFile"], Does.EndWith("FileScenarios.cs"));
            Assert.That(entry.Fields["AuditLine"], Is.GreaterThan(0));
            Assert.That(entry.Fields["{OriginalFormat}"], Is.EqualTo("{AuditEvent}({AuditArguments}) api={AuditApi} caller={AuditCaller}"));
        });
    }

    [Test]
    public void AddAuditLoggingWritesEveryEventOnceTheAppsLoggingIsBuiltUntilTheProviderIsDisposed()
    {
        var name = EventName.Unique("logging");
        var recording = new RecordingLoggerProvider();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(recording))
            .AddAuditLogging(options => options.Level = LogLevel.Warning)
            .AddAuditLogging(options => options.Filter = e => e.Name != name + ".skipped");

        using (var provider = services.BuildServiceProvider())
        {
            provider.GetRequiredService<ILogger<LoggingTests>>().LogInformation("the application logs");
            Audit.Raise(name, "inside");
            Audit.Raise(name + ".skipped");
        }

        Audit.Raise(name, "after");

        var entry = recording.ForEvent(name).Single();
        Assert.That(entry.Category, Is.EqualTo("AuditWeaver"));
        Assert.That(entry.Level, Is.EqualTo(LogLevel.Warning), "both configure calls apply to the same options");
        Assert.That(entry.Fields["AuditArguments"], Is.EqualTo("\"inside\""));
        Assert.That(recording.ForEvent(name + ".skipped"), Is.Empty);
    }

    [Test]
    public void ManyThreadsAtOnceLoseNoEntry()
    {
        var name = EventName.Unique("logging");
        var recording = new RecordingLoggerProvider();
        using var provider = new ServiceCollection().AddLogging(logging => logging.AddProvider(recording)).AddAuditLogging().BuildServiceProvider();
        provider.GetRequiredService<ILoggerFactory>().CreateLogger("Start");

        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, thread =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                Audit.Raise(name, thread, i);
            }
        });

        var entries = recording.ForEvent(name);
        Assert.That(entries, Has.Count.EqualTo(8_000));
        Assert.That(entries.Select(e => e.Fields["AuditArguments"]).Distinct().Count(), Is.EqualTo(8_000));
    }
}
