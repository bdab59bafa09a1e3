using System.IO;
using System.Linq;
using System.Reflection.PortableExecutable;
using AuditWeaver.Fody;
using AuditWeaver.Fody.Engine;
using Fody;
using Mono.Cecil;
using Mono.Cecil.Cil;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Reliability;

/// <summary>
/// Fixtures/DebugLibrary woven the three ways an assembly gets woven: by the engine as Fody runs it (symbols read, and
/// written back in the form they came in), by FodyHelpers' test helper (which always writes an embedded PDB), and by
/// the command-line tool.
/// </summary>
internal static class DebugLibraryWeaves
{
    internal const string FileName = "DebugLibrary.dll";

    /// <summary>Copies the fixture of <paramref name="flavour"/> (with its PDB, if any) into <paramref name="folder"/>.</summary>
    internal static string CopyInput(string flavour, string folder)
    {
        Directory.CreateDirectory(folder);
        var source = Paths.DebugLibrary(flavour);
        foreach (var file in new[] { source, Path.ChangeExtension(source, ".pdb") }.Where(File.Exists))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)), overwrite: true);
        }

        return Path.Combine(folder, FileName);
    }

    internal static string WithEngine(string input, string folder)
    {
        Directory.CreateDirectory(folder);
        var output = Path.Combine(folder, Path.GetFileName(input));
        var embedded = HasEmbeddedPdb(input);
        var portable = File.Exists(Path.ChangeExtension(input, ".pdb"));
        var log = new WeaverLog();
        using (var module = ModuleDefinition.ReadModule(input, new ReaderParameters { ReadSymbols = embedded || portable, InMemory = true }))
        {
            var result = new AuditWeavingEngine(new WeaverOptions(), log).Weave(module);
            Assert.That(result.Sites, Is.Not.Empty);
            module.Write(output, new WriterParameters
            {
                WriteSymbols = module.HasSymbols,
                SymbolWriterProvider = embedded ? new EmbeddedPortablePdbWriterProvider() : portable ? new PortablePdbWriterProvider() : null,
            });
        }

        Assert.That(log.Problems, Is.Empty);
        return output;
    }

    /// <summary>The Fody test path: ModuleWeaver through FodyHelpers, into fodytemp/<paramref name="folderName"/> beside the input.</summary>
    internal static string WithFodyHelper(string input, string folderName)
    {
#pragma warning disable CS0618 // FodyHelpers marks its test helper obsolete to keep it out of production code.
        var test = new ModuleWeaver().ExecuteTestRun(input, runPeVerify: false, writeSymbols: HasEmbeddedPdb(input) || File.Exists(Path.ChangeExtension(input, ".pdb")), folderName: folderName);
#pragma warning restore CS0618
        Assert.That(test.Errors.Select(e => e.Text), Is.Empty);
        return test.AssemblyPath;
    }

    internal static string WithTool(string input, string folder, params string[] options)
    {
        var result = ToolRun.InProcess(new[] { "weave", input, "--out", folder }.Concat(options).ToArray());
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        return Path.Combine(folder, Path.GetFileName(input));
    }

    internal static bool HasEmbeddedPdb(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        return pe.ReadDebugDirectory().Any(e => e.Type == DebugDirectoryEntryType.EmbeddedPortablePdb);
    }
}
