using System;
using System.Diagnostics.Tracing;
using System.IO;
using System.IO.Compression;
using System.Net.Http;
using System.Threading;
using System.Xml.Linq;
using AuditWeaver;
using AuditWeaver.Policies;

// Arguments: a work folder (holding doc.xml and archive.zip), a URL to request, and optionally "runtime": the app then
// uses AuditWeaver's own features first (an EventListener on its EventSource, a policy read from policy.json in the work
// folder, a counting hook), which run on the framework's code, woven too. Each operation prints one line, so that a
// denied one shows as denied and the others still run; the tests compare the lines woven and unwoven.
var folder = args[0];
var hooked = 0;
using var listener = args.Length > 2 && args[2] == "runtime" ? new AuditListener() : null;
if (listener != null)
{
    Audit.AddHook(new AuditPolicyBuilder().AddJsonFile(Path.Combine(folder, "policy.json")).Build().Enforce);
    Audit.AddHook(_ => Interlocked.Increment(ref hooked));
}

Run("xml", () => "root " + XDocument.Load(Path.Combine(folder, "doc.xml")).Root!.Name);
Run("zip", () =>
{
    var target = Path.Combine(folder, "extracted");
    ZipFile.ExtractToDirectory(Path.Combine(folder, "archive.zip"), target);
    return "extracted " + Directory.GetFiles(target).Length + " file(s)";
});
Run("http", () =>
{
    using var client = new HttpClient();
    return "status " + (int)client.GetAsync(args[1]).GetAwaiter().GetResult().StatusCode;
});
Run("assemblies", () => string.Join(";", Array.ConvertAll(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name + "=" + a.Location)));

if (listener != null)
{
    Console.WriteLine("runtime: hook " + Volatile.Read(ref hooked) + ", eventsource " + listener.Count);
}

static void Run(string what, Func<string> operation)
{
    try
    {
        Console.WriteLine(what + ": " + operation());
    }
    catch (Exception exception)
    {
        Console.WriteLine(what + ": " + exception.GetType().Name + ": " + exception.Message);
    }
}

internal sealed class AuditListener : EventListener
{
    private int _count;

    internal int Count => Volatile.Read(ref _count);

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "AuditWeaver")
        {
            EnableEvents(source, EventLevel.Informational);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs data) => Interlocked.Increment(ref _count);
}
