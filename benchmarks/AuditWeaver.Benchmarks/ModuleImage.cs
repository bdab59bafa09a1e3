using System.IO;
using System.Runtime.InteropServices;
using Mono.Cecil;

namespace AuditWeaver.Benchmarks;

/// <summary>
/// An assembly held in memory, read and written with Cecil the same way by the floor and by the weaving runs, so that
/// the two differ only by the engine.
/// </summary>
internal sealed class ModuleImage
{
    private readonly byte[] _bytes;
    private readonly DefaultAssemblyResolver _resolver = new();

    internal ModuleImage(string path)
    {
        _bytes = File.ReadAllBytes(path);
        // The engine resolves framework types for property reads; references bind to the running framework.
        _resolver.AddSearchDirectory(Path.GetDirectoryName(path)!);
        _resolver.AddSearchDirectory(RuntimeEnvironment.GetRuntimeDirectory());
    }

    internal int Length => _bytes.Length;

    internal ModuleDefinition Read() =>
        ModuleDefinition.ReadModule(new MemoryStream(_bytes, writable: false), new ReaderParameters { AssemblyResolver = _resolver });

    /// <summary>
    /// Writes IL only: framework assemblies are ReadyToRun, and Cecil cannot write their native code back. An IL-only
    /// input is unchanged by this.
    /// </summary>
    internal static void Write(ModuleDefinition module, Stream destination)
    {
        module.Attributes |= ModuleAttributes.ILOnly;
        module.Attributes &= ~ModuleAttributes.ILLibrary;
        module.Architecture = TargetArchitecture.I386;
        module.Write(destination);
    }
}
