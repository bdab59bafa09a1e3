using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Tests.Infrastructure;

/// <summary>What one <see cref="MethodPreparer"/> child printed: counts per assembly, and every failure.</summary>
internal sealed class PreparationResult
{
    private PreparationResult(IReadOnlyList<PreparedAssembly> assemblies, IReadOnlyList<PreparationFailure> failures)
    {
        Assemblies = assemblies;
        Failures = failures;
    }

    internal IReadOnlyList<PreparedAssembly> Assemblies { get; }

    internal IReadOnlyList<PreparationFailure> Failures { get; }

    internal int Types => Assemblies.Sum(a => a.Types);

    internal int Methods => Assemblies.Sum(a => a.Methods);

    internal int Prepared => Assemblies.Sum(a => a.Prepared);

    internal int NotInstantiable => Assemblies.Sum(a => a.NotInstantiable);

    internal static PreparationResult Parse(string output)
    {
        var assemblies = new List<PreparedAssembly>();
        var failures = new List<PreparationFailure>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.TrimEnd('\r').Split('\t');
            switch (fields[0])
            {
                case "assembly":
                    assemblies.Add(new PreparedAssembly(fields[1], Number(fields[2]), Number(fields[3]), Number(fields[4]), Number(fields[5])));
                    break;
                case "failure":
                    failures.Add(new PreparationFailure(fields[1], fields[2], fields[3], fields[4]));
                    break;
                default:
                    throw new FormatException("Not a line of the preparer's output: " + line);
            }
        }

        return new PreparationResult(assemblies, failures);
    }

    /// <summary>Failures by exception type, most frequent first: <c>System.TypeLoadException 12, ...</c>.</summary>
    internal string DescribeFailures() =>
        Failures.Count == 0
            ? "none"
            : string.Join(", ", Failures.GroupBy(f => f.ExceptionType).OrderByDescending(g => g.Count()).Select(g => g.Key + " " + g.Count()));

    private static int Number(string text) => int.Parse(text, CultureInfo.InvariantCulture);
}

/// <summary>The counts of one assembly: its types, its methods with a body, how many instantiations compiled, how many methods the constraints left without one.</summary>
internal sealed record PreparedAssembly(string File, int Types, int Methods, int Prepared, int NotInstantiable);

/// <summary>One method (or type) the JIT or the type loader refused.</summary>
internal sealed record PreparationFailure(string File, string Member, string ExceptionType, string Message)
{
    /// <summary>What must match between the woven and the unwoven copy for a failure to be the input's, not the weaver's.</summary>
    internal (string File, string Member, string ExceptionType) Identity => (File, Member, ExceptionType);

    public override string ToString() => File + ": " + Member + ": " + ExceptionType + ": " + Message;
}
