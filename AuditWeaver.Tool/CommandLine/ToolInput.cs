using System.Collections.Generic;
using System.IO;
using System.Linq;
using AuditWeaver.Tool.Inputs;

namespace AuditWeaver.Tool.CommandLine;

/// <summary>The input argument and --reference folders both commands take, checked before any work starts.</summary>
internal static class ToolInput
{
    internal static InputSet Open(string input)
    {
        if (!File.Exists(input) && !Directory.Exists(input))
        {
            throw new UsageException("input " + input + " does not exist; give an assembly (.dll, .exe) or an application folder.");
        }

        return InputSet.Open(input);
    }

    internal static ToolAssemblyResolver Resolver(InputSet inputs, IReadOnlyList<string> references)
    {
        var missing = references.FirstOrDefault(r => !Directory.Exists(r));
        if (missing != null)
        {
            throw new UsageException("--reference " + missing + " is not a folder.");
        }

        return inputs.CreateResolver(references);
    }
}
