using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using Mono.Cecil;

namespace AuditWeaver.Benchmarks;

/// <summary>The assemblies the weaving benchmark weaves, by the names its Input parameter uses.</summary>
internal static class WeavingInputs
{
    internal const string Framework = "System.Private.Xml";
    internal const string Scenarios = "AssemblyToProcess";

    private static readonly ConcurrentDictionary<string, int> s_methodCounts = new();

    internal static string PathOf(string input) =>
        input == Scenarios
            ? typeof(WeavingInputs).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == Scenarios).Value!
            : Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), input + ".dll");

    /// <summary>Methods with a body: what the engine walks, and the unit of the Methods/s column.</summary>
    internal static int MethodCount(string input) =>
        s_methodCounts.GetOrAdd(input, name =>
        {
            using var module = ModuleDefinition.ReadModule(PathOf(name));
            return module.GetTypes().SelectMany(t => t.Methods).Count(m => m.HasBody);
        });
}
