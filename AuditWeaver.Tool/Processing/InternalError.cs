using System;
using System.IO;
using AuditWeaver.Tool.Inputs;

namespace AuditWeaver.Tool.Processing;

/// <summary>
/// What the tool says when it fails on an assembly that passed validation (<see cref="Fody.Validation.ImageValidator"/>):
/// that is a bug of ours, not damage in the input, and the line says so. The run goes on with the other files; the stack
/// trace follows the line with --verbose or AUDITWEAVER_VERBOSE=1, for the bug report.
/// </summary>
internal static class InternalError
{
    internal const string VerboseVariable = "AUDITWEAVER_VERBOSE";

    /// <summary>Whether stack traces are asked for: the option, or the environment variable set to 1 or true.</summary>
    internal static bool Verbose(bool option) =>
        option || Environment.GetEnvironmentVariable(VerboseVariable) is { } value && (value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase));

    /// <summary>The assembly failed with the internal error's one line; with <paramref name="verbose"/>, its stack trace goes to <paramref name="error"/> first.</summary>
    internal static ProcessedAssembly Fail(InputFile file, Exception exception, bool verbose, TextWriter error)
    {
        if (verbose)
        {
            error.WriteLine("internal error in AuditWeaver on " + file.FullPath + ":");
            error.WriteLine(exception.ToString());
        }

        var message = string.Join(" ", exception.Message.Split(new[] { '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).TrimEnd('.');
        return new ProcessedAssembly(file, AssemblyStatus.Failed, new[]
        {
            "internal error (" + exception.GetType().Name + ": " + message + "): the assembly passed validation, so this is a bug in AuditWeaver, not damage in the input. Nothing was written for it."
                + (verbose ? " The stack trace is above; please report it." : " Run again with --verbose (or " + VerboseVariable + "=1) for the stack trace, and please report it."),
        });
    }
}
