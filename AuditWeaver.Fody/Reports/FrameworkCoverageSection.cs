using System.Text;

namespace AuditWeaver.Fody.Reports;

/// <summary>
/// The part of docs/coverage.md about framework weaving (<c>auditweaver weave --framework</c>): where the line is drawn for
/// the framework's own native code, and what leaving System.Private.CoreLib unwoven leaves out. Written by hand (the
/// counts come from <c>auditweaver scan</c> of CoreLib 10.0.12), kept here so that the generated page carries it.
/// </summary>
internal static class FrameworkCoverageSection
{
    internal static void Append(StringBuilder text)
    {
        text.Append("\n## Framework code (`auditweaver weave --framework`)\n\n");
        text.Append("With `--framework` the framework's assemblies are woven too ([cli.md](cli.md#framework-weaving)), and framework code\n");
        text.Append("announces what it does for the app, with the framework method as caller: `XDocument.Load(path)` raises `file.open`\n");
        text.Append("from `System.Xml.XmlDownloadManager.GetStream`, `HttpClient` raises `network.connect` from\n");
        text.Append("`System.Net.Http.HttpConnectionPool.ConnectToTcpHostAsync`. Two lines are drawn.\n\n");
        text.Append("**The framework's native shims raise no `native.call`.** In a framework assembly, calls to its own P/Invoke\n");
        text.Append("declarations (into System.Native, System.Net.Security.Native, System.IO.Compression.Native,\n");
        text.Append("System.Security.Cryptography.Native.OpenSsl, System.Globalization.Native; on Windows the OS libraries) and its\n");
        text.Append("unmanaged `calli`s (MsQuic's function table) raise nothing: they implement the framework's public members, which\n");
        text.Append("raise their events where they are called; otherwise every socket read would raise one. A P/Invoke declared by the\n");
        text.Append("app or a package raises `native.call` as before, also when it names a framework shim.\n\n");
        text.Append("**System.Private.CoreLib is not woven.** It references no other assembly, so it cannot call AuditWeaver.dll. What\n");
        text.Append("that leaves out is only work that starts inside CoreLib: a call from woven code (the app, a package, any other\n");
        text.Append("framework assembly) to a CoreLib member raises its event at the call site, and what CoreLib then does for it\n");
        text.Append("(`File.ReadAllText` opening its `FileStream`) belongs to that event. `auditweaver scan` of CoreLib 10.0.12 finds 875\n");
        text.Append("call sites of audited members in it: 544 are its own P/Invokes and QCalls (the line above); about 295 of the 331\n");
        text.Append("others are public members calling one another (File, Directory, FileInfo, StreamReader and StreamWriter,\n");
        text.Append("FileStream, loads through Assembly, AppDomain and AssemblyLoadContext, Activator, reflection), covered where the app\n");
        text.Append("calls them. About 35 start in CoreLib on its own:\n\n");
        text.Append("- time zones: `TimeZoneInfo` reading the zoneinfo database and /etc/localtime (6);\n");
        text.Append("- describing the system: /etc/os-release (`Interop.OSReleaseFile`, 2), /proc (`Interop.procfs`, 1), `Environment` (2);\n");
        text.Append("- resources: `ResourceManager`'s file-based lookup and resource readers (5);\n");
        text.Append("- `AssemblyDependencyResolver` reading a plugin's deps.json (3);\n");
        text.Append("- assemblies the host asks for: startup hooks (`DOTNET_STARTUP_HOOKS`, 2) and native hosting's component activator (4);\n");
        text.Append("- switches CoreLib sets for itself (globalization mode, thread pool, exception handling, resources: 10 `environment` sites).\n\n");
        text.Append("None of them acts on a file, host or program the app names. Framework-dependent apps get woven copies of the\n");
        text.Append("framework assemblies their own assemblies reference, directly or through other framework assemblies; one loaded\n");
        text.Append("only by name at run time (`Assembly.Load(\"System.Data.Odbc\")`) is the shared, unwoven one, and that load itself\n");
        text.Append("raises `assembly-load.load`.\n");
    }
}
