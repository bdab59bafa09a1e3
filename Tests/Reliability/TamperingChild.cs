using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using AuditWeaver;

namespace Tests.Reliability;

/// <summary>
/// Child process for <see cref="TamperingTests"/>: a recording hook and a verifier are set, then each tampering route of
/// AssemblyToProcess.TamperingScenarios runs in turn. Per attempt it prints what happened to the call, the events the
/// hook saw meanwhile, and whether the hook list, the woven call sites and the verifier still work afterwards.
/// </summary>
internal static class TamperingChild
{
    private const string Registry = "AuditWeaver.Hooks.HookRegistry";
    private const string Verification = "AuditWeaver.Routes.AssemblyVerification";

    private static readonly object s_gate = new();
    private static readonly List<AuditEvent> s_events = new();
    private static string? s_denied;

    internal static int Run(string wovenPath, string copyPath, string refusedPath, string probePath)
    {
        var woven = new AssemblyLoadContext("tampering").LoadFromAssemblyPath(wovenPath);
        var scenarios = woven.GetType("AssemblyToProcess.TamperingScenarios", throwOnError: true)!;
        var files = Activator.CreateInstance(woven.GetType("AssemblyToProcess.FileScenarios", throwOnError: true)!)!;
        Audit.SetAssemblyVerifier(request => request.Path == null || Path.GetFileName(request.Path) != Path.GetFileName(refusedPath));
        Audit.AddHook(Record);

        AuditEvent sample;
        lock (s_gate)
        {
            Audit.Raise("test.sample", "original");
            sample = s_events.Last();
        }

        var attempts = new (string Name, string Method, object?[] Arguments, string? Deny)[]
        {
            ("field-set-hooks", "SetField", new object?[] { Registry, "s_hooks", null }, null),
            ("field-set-enabled", "SetField", new object?[] { Registry, "s_enabled", false }, null),
            ("field-set-plan", "SetField", new object?[] { Registry, "s_plan", null }, null),
            ("field-set-thread-depth", "SetField", new object?[] { Registry, "t_depth", int.MaxValue }, null),
            ("field-set-thread-spare", "SetField", new object?[] { Registry, "t_spareHandle", (IntPtr)8 }, null),
            ("field-set-keeps-events", "SetField", new object?[] { Registry, "s_hookKeepsEvents", false }, null),
            ("field-set-verifier", "SetField", new object?[] { Verification, "s_verifier", null }, null),
            ("field-get-hooks", "GetField", new object?[] { Registry, "s_hooks" }, null),
            ("invokemember-set-hooks", "SetFieldByInvokeMember", new object?[] { Registry, "s_hooks", null }, null),
            ("invokemember-set-enabled", "SetFieldByInvokeMember", new object?[] { Registry, "s_enabled", false }, null),
            ("invokemember-set-verifier", "SetFieldByInvokeMember", new object?[] { Verification, "s_verifier", null }, null),
            ("invokemember-get-hooks", "GetFieldByInvokeMember", new object?[] { Registry, "s_hooks" }, null),
            ("invokemember-event-arguments", "SetEventArgumentsByInvokeMember", new object?[] { sample, null }, null),
            ("invokemember-call", "CallByInvokeMember", new object?[] { Registry, "Refresh" }, null),
            ("methodinfo-invoke", "CallByMethodInfo", new object?[] { Registry, "Refresh" }, null),
            ("methodinvoker", "CallByMethodInvoker", new object?[] { Registry, "Refresh" }, null),
            ("methodinfo-createdelegate", "CallByCreateDelegateOnMethodInfo", new object?[] { Registry, "Refresh" }, null),
            ("delegate-createdelegate", "CallByDelegateCreateDelegate", new object?[] { Registry, "Refresh" }, null),
            ("delegate-createdelegate-by-name", "CallByDelegateCreateDelegateByName", new object?[] { Registry, "Refresh" }, null),
            ("expression-set-enabled", "SetFieldByExpression", new object?[] { Registry, "s_enabled", false }, null),
            ("unsafeaccessor-verifier", "ClearVerifierByUnsafeAccessor", Array.Empty<object?>(), null),
            ("activator-internal-type", "CreateInternalInstance", new object?[] { "AuditWeaver.Hooks.CaptureScopes" }, null),
            ("load-from-denied", "LoadFrom", new object?[] { copyPath }, "assembly-load.file"),
            ("load-context-denied", "LoadIntoContext", new object?[] { copyPath }, "assembly-load.file"),
            ("load-bytes-denied", "LoadBytes", new object?[] { copyPath }, "assembly-load.bytes"),
            ("load-context", "LoadIntoContext", new object?[] { copyPath }, null),
            ("load-bytes", "LoadBytes", new object?[] { copyPath }, null),
            ("emit-load-hooks", "LoadByDynamicMethod", new object?[] { Registry, "s_hooks" }, null),
            ("emit-call", "CallByDynamicMethod", new object?[] { Registry, "Refresh" }, null),
            ("emit-emitcall", "EmitCallByDynamicMethod", new object?[] { Registry, "Refresh" }, null),
            ("emit-newobj", "ConstructByDynamicMethod", new object?[] { "AuditWeaver.Hooks.CaptureScopes" }, null),
            ("emit-store-hooks", "StoreNullByDynamicMethod", new object?[] { Registry, "s_hooks" }, null),
            ("emit-assemblybuilder-store-hooks", "StoreNullByAssemblyBuilder", new object?[] { Registry, "s_hooks" }, null),
            ("emit-token-store-hooks", "StoreNullByMetadataToken", new object?[] { Registry, "s_hooks" }, null),
            ("emit-dynamicilinfo-store-hooks", "StoreNullByDynamicILInfo", new object?[] { Registry, "s_hooks" }, null),
            ("functionpointer-call", "CallByFunctionPointer", new object?[] { Registry, "Refresh" }, null),
            ("emit-reflected-override-store-hooks", "StoreNullByReflectedOverride", new object?[] { Registry, "s_hooks" }, null),
        };

        foreach (var (name, method, arguments, deny) in attempts)
        {
            lock (s_gate)
            {
                s_events.Clear();
                s_denied = deny;
            }

            var result = Attempt(scenarios, method, arguments, out var returned);
            List<AuditEvent> seen;
            lock (s_gate)
            {
                seen = s_events.ToList();
                s_denied = null;
            }

            Console.WriteLine("attempt " + name + ": " + result);
            Console.WriteLine("events " + name + ": " + string.Join("; ", seen.Select(e => e.ToString())));
            if (returned is Assembly copy)
            {
                Console.WriteLine("copy " + name + ": audited=" + CopyIsAudited(copy, probePath).ToString(CultureInfo.InvariantCulture));
            }

            Console.WriteLine("intact " + name + ": " + Intact(scenarios, files, refusedPath, probePath));
        }

        return 0;
    }

    private static void Record(AuditEvent auditEvent)
    {
        lock (s_gate)
        {
            s_events.Add(auditEvent);
            if (auditEvent.Name == s_denied)
            {
                throw new AuditDeniedException(auditEvent, "denied by the tampering test");
            }
        }
    }

    private static string Attempt(Type scenarios, string method, object?[] arguments, out object? returned)
    {
        returned = null;
        try
        {
            returned = scenarios.GetMethod(method)!.Invoke(null, arguments);
            return "ran";
        }
        catch (TargetInvocationException exception) when (exception.InnerException != null)
        {
            return "threw " + exception.InnerException.GetType().Name + ": " + exception.InnerException.Message;
        }
    }

    // Whether a woven File.Exists in the loaded copy reaches the hook: a copy from the unwoven build does not.
    private static bool CopyIsAudited(Assembly copy, string probePath)
    {
        var files = Activator.CreateInstance(copy.GetType("AssemblyToProcess.FileScenarios", throwOnError: true)!)!;
        lock (s_gate)
        {
            s_events.Clear();
        }

        files.GetType().GetMethod("Exists")!.Invoke(files, new object[] { probePath });
        lock (s_gate)
        {
            return s_events.Any(e => e.Name == "file.stat");
        }
    }

    // The three things tampering would break: the hook list, the call sites' switch, the verifier.
    private static string Intact(Type scenarios, object files, string refusedPath, string probePath)
    {
        lock (s_gate)
        {
            s_events.Clear();
        }

        Audit.Raise("test.probe");
        files.GetType().GetMethod("Exists")!.Invoke(files, new object[] { probePath });
        bool hooks, sites;
        lock (s_gate)
        {
            hooks = s_events.Any(e => e.Name == "test.probe");
            sites = s_events.Any(e => e.Name == "file.stat" && (string?)e.Arguments[0] == probePath);
        }

        var verifier = Attempt(scenarios, "LoadFrom", new object?[] { refusedPath }, out _).StartsWith("threw " + nameof(AssemblyVerificationException), StringComparison.Ordinal);
        return "hooks=" + hooks.ToString(CultureInfo.InvariantCulture) + " sites=" + sites.ToString(CultureInfo.InvariantCulture) + " verifier=" + verifier.ToString(CultureInfo.InvariantCulture);
    }
}
