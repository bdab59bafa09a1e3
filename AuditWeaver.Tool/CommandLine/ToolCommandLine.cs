using System;
using System.CommandLine;
using System.IO;
using AuditWeaver.Tool.Scanning;
using AuditWeaver.Tool.Weaving;

namespace AuditWeaver.Tool.CommandLine;

/// <summary>
/// The verbs and options of <c>auditweaver</c>. Exit codes: 0 done, 1 some file failed (or, for scan, a baseline or
/// allow list was broken; or a file system error stopped the run), 2 the command line or a file it names is wrong; that
/// is said in one line, never a stack trace.
/// </summary>
internal static class ToolCommandLine
{
    internal const int Done = 0;
    internal const int Failed = 1;
    internal const int UsageError = 2;

    internal static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("Weaves PEP 578-style audit events into .NET assemblies and application folders, and scans them for what they can do.");
        root.Subcommands.Add(WeaveVerb(output, error));
        root.Subcommands.Add(ScanVerb(output, error));
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var problem in parse.Errors)
            {
                error.WriteLine("error: " + problem.Message);
            }

            error.WriteLine("Run 'auditweaver --help' (or 'auditweaver <verb> --help') for the commands and options.");
            return UsageError;
        }

        return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
    }

    private static Command WeaveVerb(TextWriter output, TextWriter error)
    {
        var input = Input("The assembly to weave, or an application folder (bin/ or publish/) to weave every assembly of.");
        var outFolder = new Option<string>("--out", "-o") { Description = "The folder to write to (created when missing). The input is never changed." };
        var inPlace = new Option<bool>("--in-place") { Description = "Rewrite the input itself, each file replaced in one step, instead of writing to --out." };
        var config = Config();
        var key = new Option<string>("--key") { Description = "A strong-name key pair (.snk): assemblies with its public key are re-signed with it." };
        var references = References();
        var verbose = Verbose();
        var framework = new Option<bool>("--framework")
        {
            Description = "Weave the framework the app runs on too, so that framework code announces what it does for the app: the runtime pack a self-contained app carries, or woven copies of the shared-framework assemblies a framework-dependent app uses, put in its folder (System.Private.CoreLib is never woven).",
        };
        var noReadyToRun = new Option<bool>("--no-ready-to-run")
        {
            Description = "Leave woven assemblies that came precompiled (ReadyToRun) as IL only instead of compiling them again with crossgen2 (the JIT compiles them at start-up).",
        };
        var command = new Command("weave", "Weave audit events into an assembly or an application folder.") { input, outFolder, inPlace, config, key, references, framework, noReadyToRun, verbose };
        command.SetAction(parse => Guarded("weave", error, () => WeaveCommand.Run(
            new WeaveRequest(parse.GetValue(input)!, parse.GetValue(outFolder), parse.GetValue(inPlace), parse.GetValue(config), parse.GetValue(key), parse.GetValue(references) ?? Array.Empty<string>(), parse.GetValue(verbose), parse.GetValue(framework), !parse.GetValue(noReadyToRun)),
            output,
            error)));
        return command;
    }

    private static Command ScanVerb(TextWriter output, TextWriter error)
    {
        var input = Input("The assembly to scan, a folder to scan every assembly of, or a project (.csproj, .fsproj, .vbproj or its project.assets.json) to scan the packages its restore would copy.");
        var format = new Option<string>("--format", "-f") { Description = "text (default), json or sarif.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json", "sarif");
        var outFile = new Option<string>("--out", "-o") { Description = "Write the report to this file instead of standard output." };
        var config = Config();
        var baseline = new Option<string>("--baseline") { Description = "A capabilities.lock.json: exit 1 when an assembly gained a category or event it does not list." };
        var update = new Option<bool>("--update-baseline") { Description = "Write the --baseline file from this scan instead of checking against it." };
        var references = References();
        var verbose = Verbose();
        var framework = new Option<bool>("--framework")
        {
            Description = "Scan the framework the app runs on too: the runtime pack a self-contained app carries, or the shared-framework assemblies a framework-dependent app uses (what weave --framework would weave).",
        };
        var targetFramework = new Option<string>("--target-framework")
        {
            HelpName = "tfm",
            Description = "For a project: scan only this target framework of its restore (net10.0); by default every one it targets.",
        };
        var runtime = new Option<string>("--runtime")
        {
            HelpName = "rid",
            Description = "For a project: scan what a build for this runtime identifier copies (linux-x64), from the restore's runtime-specific target. By default the restore's only runtime target, or, with none or several, the portable one with each runtime's assemblies.",
        };
        var command = new Command("scan", "List every call site that would be audited, and the escape hatches, without weaving.") { input, format, outFile, config, baseline, update, references, framework, targetFramework, runtime, verbose };
        command.SetAction(parse => Guarded("scan", error, () => ScanCommand.Run(
            new ScanRequest(parse.GetValue(input)!, parse.GetValue(format)!, parse.GetValue(outFile), parse.GetValue(config), parse.GetValue(baseline), parse.GetValue(update), parse.GetValue(references) ?? Array.Empty<string>(), Verbose: parse.GetValue(verbose), Framework: parse.GetValue(framework), TargetFramework: parse.GetValue(targetFramework), Runtime: parse.GetValue(runtime)),
            output,
            error)));
        return command;
    }

    private static Argument<string> Input(string description) => new("input") { Description = description };

    private static Option<string> Config() =>
        new("--config", "-c") { Description = "A FodyWeavers.xml (or a file whose root is <AuditWeaver>): the same vocabulary as the Fody add-in." };

    private static Option<bool> Verbose() =>
        new("--verbose") { Description = "After an internal error (a bug in AuditWeaver, never damage in the input), print its stack trace. AUDITWEAVER_VERBOSE=1 does the same." };

    private static Option<string[]> References() =>
        new("--reference", "-r") { Description = "A folder to resolve references from, besides the input's own folder and the framework (repeatable).", AllowMultipleArgumentsPerToken = false };

    /// <summary>
    /// Runs a command. The commands turn what is wrong with a file into a message of their own; a file system or image
    /// error none of them expected still ends the run with one line instead of a stack trace. Any other exception is a
    /// bug in the tool and is let through, stack trace and all, to be reported.
    /// </summary>
    internal static int Guarded(string verb, TextWriter error, Func<int> run)
    {
        try
        {
            return run();
        }
        catch (UsageException exception)
        {
            error.WriteLine("error: " + exception.Message);
            return UsageError;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or BadImageFormatException)
        {
            error.WriteLine("error: " + verb + " stopped: " + OneLine(exception));
            return Failed;
        }
    }

    // The message, which names the path for the file system's errors; a BadImageFormatException may name it only in FileName.
    private static string OneLine(Exception exception)
    {
        var message = string.Join(" ", exception.Message.Split(new[] { '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return exception is BadImageFormatException { FileName: { } file } && !message.Contains(file, StringComparison.Ordinal)
            ? file + ": " + message
            : message;
    }
}
