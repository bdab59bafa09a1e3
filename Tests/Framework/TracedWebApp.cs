using System.Collections.Generic;
using System.IO;
using Tests.Infrastructure;
using Tests.Infrastructure.KernelRecord;

namespace Tests.Framework;

/// <summary>A woven Fixtures/WebApp started under strace with its data in the test's temp folder.</summary>
internal static class TracedWebApp
{
    /// <summary>Starts the app in <paramref name="folder"/>; <paramref name="environment"/> adds to the data folder's setting.</summary>
    internal static TracedServer Start(string folder, TempDirectory temp, Dictionary<string, string?>? environment = null)
    {
        var variables = new Dictionary<string, string?>
        {
            ["WebApp__DataFolder"] = DataFolder(temp),
            ["WebApp__Port"] = "0",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            variables[name] = value;
        }

        return TracedServer.Start(WebApps.Program(folder), [], temp.Path, variables);
    }

    /// <summary>Where the app keeps its log file and database.</summary>
    internal static string DataFolder(TempDirectory temp) => Path.Combine(temp.Path, "data");
}
