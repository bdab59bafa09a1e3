using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;

namespace Tests.Infrastructure;

/// <summary>The dotnet command as a user at a terminal runs it, not as the test host's own MSBuild left it.</summary>
internal static class DotNetCli
{
    private static readonly IReadOnlyDictionary<string, string?> s_environment = CleanEnvironment();

    /// <summary>Runs dotnet with <paramref name="arguments"/> in <paramref name="directory"/>.</summary>
    internal static ProcessResult Run(string directory, params string[] arguments) => Run(directory, null, arguments);

    internal static ProcessResult Run(string directory, IReadOnlyDictionary<string, string?>? environment, params string[] arguments)
    {
        var variables = s_environment.ToDictionary(p => p.Key, p => p.Value);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            variables[name] = value;
        }

        return ProcessRunner.Run("dotnet", arguments, directory, variables);
    }

    /// <summary>Runs dotnet and fails the test, with everything it printed, unless it succeeded.</summary>
    internal static ProcessResult Succeed(string directory, params string[] arguments)
    {
        var result = Run(directory, arguments);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        return result;
    }

    private static Dictionary<string, string?> CleanEnvironment()
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            // Under `dotnet test` the host inherits MSBuild's own settings (SDK paths, node handshakes); a user's shell
            // has none of them, and a nested build must not pick them up.
            ["DOTNET_ROLL_FORWARD"] = null,
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            // No MSBuild nodes or compiler server outlive the test: nothing of ours keeps running after the test run.
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["UseSharedCompilation"] = "false",
        };
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            var name = (string)entry.Key;
            if (name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) && !variables.ContainsKey(name))
            {
                variables[name] = null;
            }
        }

        return variables;
    }
}
