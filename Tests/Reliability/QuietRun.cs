using System;
using System.Collections.Generic;
using System.Globalization;
using AuditWeaver;

namespace Tests.Reliability;

/// <summary>
/// The child-process side of <see cref="OtherCompilersTests"/>'s quiet run: a woven library's entry points in a process
/// that never added a hook, where every woven site takes its Audit.IsEnabled-is-false branch.
/// </summary>
internal static class QuietRun
{
    internal static int Run(string wovenPath, string dependencies, string typeName, string folder, IEnumerable<string> entryPoints)
    {
        var woven = FixtureLoadContext.Load("quiet", wovenPath, dependencies);
        Console.WriteLine("enabled=" + Audit.IsEnabled.ToString(CultureInfo.InvariantCulture));
        foreach (var entryPoint in entryPoints)
        {
            FixtureFolder.Seed(folder);
            Console.WriteLine(entryPoint + " " + EntryPoint.Run(woven, typeName, entryPoint, folder));
        }

        return 0;
    }
}
