using System.Globalization;
using System.IO;
using AuditWeaver.Tool.Inputs;
using AuditWeaver.Tool.Processing;

namespace AuditWeaver.Tool.Output;

/// <summary>
/// One line per assembly as it is done (<c>[3/12] woven    lib/Acme.dll: 9 call sites (file 9)</c>), with its notes
/// below it; failures also go to standard error, so that they stand out when standard output is redirected.
/// </summary>
internal sealed class Progress
{
    private readonly TextWriter _output;
    private readonly TextWriter _error;
    private readonly int _total;
    private int _done;

    internal Progress(TextWriter output, TextWriter error, int total)
    {
        _output = output;
        _error = error;
        _total = total;
    }

    internal void Report(ProcessedAssembly assembly, string processedVerb)
    {
        _done++;
        var counter = "[" + _done.ToString(CultureInfo.InvariantCulture).PadLeft(_total.ToString(CultureInfo.InvariantCulture).Length) + "/" + _total.ToString(CultureInfo.InvariantCulture) + "] ";
        var path = assembly.File.RelativePath;
        switch (assembly.Status)
        {
            case AssemblyStatus.Processed:
                var sites = assembly.Result!.Sites;
                _output.WriteLine(counter + processedVerb.PadRight(8) + path + ": " + sites.Count.ToString(CultureInfo.InvariantCulture) + (sites.Count == 1 ? " call site" : " call sites") + (sites.Count == 0 ? string.Empty : " (" + CategoryCounts.Describe(sites) + ")"));
                break;
            case AssemblyStatus.Skipped:
                _output.WriteLine(counter + "skipped " + path + ": " + string.Join("; ", assembly.Reasons));
                break;
            default:
                _output.WriteLine(counter + "failed  " + path + ": " + string.Join(" ", assembly.Reasons));
                foreach (var reason in assembly.Reasons)
                {
                    ReportError(assembly.File, reason);
                }

                break;
        }

        foreach (var notice in assembly.Notices)
        {
            _output.WriteLine(new string(' ', counter.Length + 8) + "note: " + notice);
        }
    }

    /// <summary>
    /// One line on standard error naming the file: for a failed assembly, and alone for another file that could not be
    /// copied (only assemblies have a progress line).
    /// </summary>
    internal void ReportError(InputFile file, string reason) => _error.WriteLine("error: " + file.FullPath + ": " + reason);
}
