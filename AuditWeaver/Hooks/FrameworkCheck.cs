using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
#if NET8_0_OR_GREATER
using System.Runtime.Loader;
#endif
using AuditWeaver.Weaving;

namespace AuditWeaver.Hooks;

/// <summary>
/// For an app woven with its framework (<c>auditweaver weave --framework</c>, or a self-contained <c>dotnet publish</c> with
/// <c>&lt;AuditWeaver Framework="true"&gt;</c>): the framework assemblies it expects woven (listed by name and module
/// version id in AuditWeaver.framework.txt beside the app, with which weave made them) must be the woven ones when they load. The host
/// loads the shared framework's own file instead when the machine's framework was patched or rolled forward since the
/// weave, and that code would then run unaudited. Checked at start-up for what is loaded already and then on every load,
/// in the default load context (a plugin's own copy in a context of its own is not the app's framework). A mismatch
/// ends the process with a message naming the assembly and the remedy, unless AUDITWEAVER_ALLOW_DEGRADED=1, which raises
/// <c>audit.degraded</c> first (a deny list or hook that refuses it ends the process the same way) and runs on.
/// </summary>
internal static class FrameworkCheck
{
    internal const string ManifestFileName = "AuditWeaver.framework.txt";
    internal const string DegradedVariable = "AUDITWEAVER_ALLOW_DEGRADED";
    internal const string Degraded = "audit.degraded";

    /// <summary>The exit code of a refused start (sysexits' EX_CONFIG: the installation does not fit the app).</summary>
    internal const int RefusedExitCode = 78;

    internal static readonly SiteRecord DegradedSite = new(Degraded, new[] { "assembly", "path", "reason" }, null, null, null, null);

    private static readonly object s_lock = new();
    private static readonly HashSet<string> s_reported = new(StringComparer.Ordinal);
    private static Dictionary<string, Guid>? s_expected;
    private static bool s_allowDegraded;

    // What the manifest says made it and how to make it again; a manifest without these lines came from the tool.
    private static string s_wovenBy = "'auditweaver weave --framework'";
    private static string s_remedy = "auditweaver weave <app folder> --framework";

    /// <summary>Reads the manifest beside the app, when there is one, and checks every framework assembly it names as it loads.</summary>
    internal static void Start()
    {
        string path;
        try
        {
            path = Path.Combine(AppContext.BaseDirectory, ManifestFileName);
            if (!File.Exists(path))
            {
                return;
            }

            s_expected = Read(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException)
        {
            Refuse("the list of woven framework assemblies could not be read (" + exception.Message + ")");
            return;
        }

        // Anything but a clear yes keeps the check strict.
        s_allowDegraded = EnvironmentFlag.Read(DegradedVariable) == true;
        AppDomain.CurrentDomain.AssemblyLoad += (_, loaded) => Check(loaded.LoadedAssembly);
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            Check(assembly);
        }
    }

    private static Dictionary<string, Guid> Read(string path)
    {
        // assembly <name> <module version id>; woven-by <how>; remedy <what to run>; other lines are comments.
        var expected = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(path))
        {
            var fields = line.Split(' ');
            if (fields.Length == 3 && fields[0] == "assembly" && Guid.TryParse(fields[2], out var id))
            {
                expected[fields[1]] = id;
            }
            else if (fields.Length > 1 && fields[0] is "woven-by" or "remedy")
            {
                var value = line.Substring(fields[0].Length + 1);
                if (fields[0] == "woven-by")
                {
                    s_wovenBy = value;
                }
                else
                {
                    s_remedy = value;
                }
            }
        }

        return expected;
    }

    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("SingleFile", "IL3000", Justification = "An assembly inside a single-file bundle has no location: the message says it came from memory.")]
    private static void Check(Assembly assembly)
    {
        var expected = s_expected;
        if (expected == null || assembly.IsDynamic)
        {
            return;
        }

        var name = assembly.GetName().Name;
        if (name == null || !expected.TryGetValue(name, out var woven) || assembly.ManifestModule.ModuleVersionId == woven || !InDefaultContext(assembly))
        {
            return;
        }

        lock (s_lock)
        {
            if (!s_reported.Add(name))
            {
                return;
            }
        }

        var location = assembly.Location;
        var reason = name + " was loaded from " + (location.Length == 0 ? "memory" : location) + ", not the copy woven by " + s_wovenBy + " (module version id "
            + assembly.ManifestModule.ModuleVersionId + ", woven " + woven + "): the framework was patched or rolled forward since the app was woven, and this assembly's code would run unaudited";
        if (!s_allowDegraded)
        {
            Refuse(reason);
            return;
        }

        Console.Error.WriteLine("audit: running degraded (" + DegradedVariable + " is set): " + reason + ".");
        try
        {
            HookRegistry.Dispatch(new AuditEvent(DegradedSite, name, location.Length == 0 ? null : location, reason, null));
        }
        catch (AuditDeniedException exception)
        {
            Refuse(reason + "; and " + Degraded + " was denied (" + exception.Message + ")");
        }
    }

    private static void Refuse(string reason)
    {
        Console.Error.WriteLine("audit: refusing to start: " + reason + ". Weave the application again (" + s_remedy + "), or set "
            + DegradedVariable + "=1 to run it with this assembly unaudited (an " + Degraded + " event is raised).");
        Environment.Exit(RefusedExitCode);
    }

    private static bool InDefaultContext(Assembly assembly) =>
#if NET8_0_OR_GREATER
        AssemblyLoadContext.GetLoadContext(assembly) == AssemblyLoadContext.Default;
#else
        true;
#endif
}
