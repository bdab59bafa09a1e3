using System;
using System.Linq;
using System.Reflection;
using System.Xml.Linq;
using AuditWeaver.Fody;
using AuditWeaver.Fody.Engine;
using Fody;
using Mono.Cecil;

namespace Tests.Infrastructure;

/// <summary>AssemblyToProcess woven once per test run through FodyHelpers' test helper, with an embedded PDB.</summary>
internal static class Woven
{
    private static readonly Lazy<(TestResult Test, WeaveResult Weave)> s_default = new(() => Weave("default"));

    internal static Assembly Assembly => s_default.Value.Test.Assembly;

    internal static string AssemblyPath => s_default.Value.Test.AssemblyPath;

    internal static WeaveResult Result => s_default.Value.Weave;

    /// <summary>A new instance of a scenario class, for calling through <c>dynamic</c>.</summary>
    internal static dynamic Create(string className, params object[] arguments) => Scenarios.Create(Assembly, className, arguments);

    internal static Type Type(string className) => Scenarios.Type(Assembly, className);

    /// <summary>Weaves a fresh copy into its own folder, optionally editing the module first.</summary>
    internal static (TestResult Test, WeaveResult Weave) Weave(string folder, Action<ModuleDefinition>? before = null, string? assemblyName = null, string? configuration = null)
    {
        var weaver = new ModuleWeaver();
        if (configuration != null)
        {
            weaver.Config = XElement.Parse(configuration);
        }

#pragma warning disable CS0618 // FodyHelpers marks its test helper obsolete to keep it out of production code.
        var test = weaver.ExecuteTestRun(
            Paths.AssemblyToProcess,
            runPeVerify: false,
            beforeExecuteCallback: before,
            assemblyName: assemblyName,
            writeSymbols: true,
            folderName: folder);
#pragma warning restore CS0618
        if (test.Errors.Any())
        {
            throw new InvalidOperationException("Weaving failed: " + string.Join(Environment.NewLine, test.Errors.Select(e => e.Text)));
        }

        return (test, weaver.Result!);
    }
}
