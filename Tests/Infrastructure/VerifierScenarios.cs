using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;
using AuditWeaver;

namespace Tests.Infrastructure;

/// <summary>
/// Child-process scenarios for what is set once per process: the assembly verifier, and Environment.Exit.
/// </summary>
internal static class VerifierScenarios
{
    // Environment.Exit through a woven call site: with a denying hook the process lives on.
    internal static int Exit(string wovenPath, bool deny)
    {
        var woven = Scenarios.Load(wovenPath, "exit");
        if (deny)
        {
            Audit.AddHook(e =>
            {
                if (e.Name == "environment.exit")
                {
                    throw new AuditDeniedException(e, "not now");
                }
            });
        }

        var scenarios = Scenarios.Create(woven, "CoverageScenarios");
        try
        {
            scenarios.GetType().GetMethod("Exit")!.Invoke(scenarios, new object[] { 3 });
        }
        catch (TargetInvocationException exception) when (exception.InnerException is AuditDeniedException denied)
        {
            Console.WriteLine("alive: " + denied.Message);
        }

        return 0;
    }

    // The verifier sees every load, refuses what it is told to, and what it approved is what is loaded, except by path.
    internal static int Verify(string wovenPath, string folder)
    {
        var scenarios = Scenarios.Create(Scenarios.Load(wovenPath, "verifier"), "CoverageScenarios");
        var good = Path.Combine(folder, "Good.dll");
        var bad = Path.Combine(folder, "Bad.dll");
        var swapped = Path.Combine(folder, "Swapped.dll");
        var requests = new List<string>();
        byte[]? callerArray = null;
        Audit.SetAssemblyVerifier(request =>
        {
            requests.Add(request.Api + " " + (request.Path != null ? "path:" + Path.GetFileName(request.Path) : request.Bytes != null ? "bytes:" + request.Bytes.Length : "name:" + request.Name));
            if (request.Path != null && request.Path.EndsWith("Swapped.dll", StringComparison.Ordinal))
            {
                // An attacker wins the race: the approved file is replaced before the load reads it.
                File.Copy(bad, swapped, overwrite: true);
                return true;
            }

            if (request.Bytes != null && callerArray != null)
            {
                // The caller's array is changed after the check; the load must use the checked copy.
                Array.Copy(File.ReadAllBytes(bad), callerArray, Math.Min(callerArray.Length, new FileInfo(bad).Length));
            }

            return request.Path == null || !request.Path.EndsWith("Bad.dll", StringComparison.Ordinal);
        });

        try
        {
            Audit.SetAssemblyVerifier(_ => true);
        }
        catch (InvalidOperationException exception)
        {
            Console.WriteLine("second verifier: " + exception.Message);
        }

        Console.WriteLine("path good: " + Call(scenarios, "LoadFromPath", new AssemblyLoadContext("a", true), good));
        Console.WriteLine("path bad: " + Call(scenarios, "LoadFromPath", new AssemblyLoadContext("b", true), bad));
        File.Copy(good, swapped, overwrite: true);
        Console.WriteLine("path swapped: " + Call(scenarios, "LoadFromPath", new AssemblyLoadContext("c", true), swapped));
        callerArray = File.ReadAllBytes(good);
        Console.WriteLine("bytes: " + Call(scenarios, "LoadFromStream", new AssemblyLoadContext("d", true), new MemoryStream(callerArray, writable: true)));
        var image = File.ReadAllBytes(good);
        callerArray = image;
        Console.WriteLine("array: " + Call(scenarios, "LoadBytes", image));
        foreach (var request in requests)
        {
            Console.WriteLine("request: " + request);
        }

        return 0;
    }

    // The name of the assembly the scenario loaded, or the refusal.
    private static string Call(object scenarios, string method, params object[] arguments)
    {
        try
        {
            var loaded = (Assembly)scenarios.GetType().GetMethod(method)!.Invoke(scenarios, arguments)!;
            return loaded.GetName().Name!;
        }
        catch (TargetInvocationException exception) when (exception.InnerException is AssemblyVerificationException refused)
        {
            return "refused: " + refused.Message;
        }
    }
}
