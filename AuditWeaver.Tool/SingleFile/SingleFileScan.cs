using System.IO;
using AuditWeaver.Tool.CommandLine;
using AuditWeaver.Tool.Scanning;

namespace AuditWeaver.Tool.SingleFile;

/// <summary>
/// <c>auditweaver scan</c> for a single-file app: the bundle is extracted into a private folder and that folder is scanned
/// as any application folder is; the report names the bundle as its input, and its files by their paths in the bundle.
/// </summary>
internal static class SingleFileScan
{
    internal static int Run(ScanRequest request, TextWriter output, TextWriter error)
    {
        var input = Path.GetFullPath(request.Input);
        var work = TemporaryFolder.Create();
        try
        {
            var bundle = SingleFileBundle.Open(input);
            BundleExtractor.Extract(bundle, work);
            error.WriteLine("single-file app " + input + ": " + SingleFileWeave.Describe(bundle) + "; scanning the assemblies it bundles:");
            return ScanCommand.Run(request with { Input = work, ShownAs = input }, output, error);
        }
        catch (BundleFormatException exception)
        {
            error.WriteLine("error: " + input + ": " + exception.Message);
            return ToolCommandLine.Failed;
        }
        finally
        {
            TemporaryFolder.Delete(work);
        }
    }
}
