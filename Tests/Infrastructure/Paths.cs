using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace Tests.Infrastructure;

/// <summary>Paths the build wrote into the test assembly's metadata.</summary>
internal static class Paths
{
    internal static string AssemblyToProcess => Metadata("AssemblyToProcess");

    internal static string RuntimeNetStandard => Metadata("RuntimeNetStandard");

    internal static string RepositoryRoot => Path.GetFullPath(Metadata("RepositoryRoot"));

    internal static string ReferencePack => Metadata("ReferencePack");

    /// <summary>The build output of Fixtures/PackageUser: an application folder with real packages in it.</summary>
    internal static string PackageUserOutput => Path.GetFullPath(Metadata("PackageUserOutput"));

    /// <summary>The build output of Fixtures/NativeWrappers: an app opening SQLite databases through the packages.</summary>
    internal static string NativeWrappersOutput => Path.GetFullPath(Metadata("NativeWrappersOutput"));

    /// <summary>The build output of Fixtures/Corpus: a program and every DLL of the real packages it uses.</summary>
    internal static string CorpusOutput => Path.GetFullPath(Metadata("CorpusOutput"));

    /// <summary>The build output of Fixtures/Dispatch/Dispatch.App: an app reaching its library's capabilities only indirectly.</summary>
    internal static string DispatchAppOutput => Path.GetFullPath(Metadata("DispatchAppOutput"));

    /// <summary>Fixtures/DriftLibrary built as version 2, which gained process.start.</summary>
    internal static string DriftLibraryVersion2 => Path.GetFullPath(Metadata("DriftLibraryVersion2"));

    /// <summary>Fixtures/DebugLibrary.dll built in one flavour: portable, embedded, none, signed or delaysigned.</summary>
    internal static string DebugLibrary(string flavour) =>
        Path.Combine(Path.GetFullPath(Metadata("DebugLibraryOutput")), flavour, Configuration, "net10.0", "DebugLibrary.dll");

    internal static string ToolAssembly => Path.GetFullPath(Metadata("ToolAssembly"));

    /// <summary>The configuration the tests and the projects they reference were built in.</summary>
    internal static string Configuration => Metadata("Configuration");

    internal static string TestAssembly => typeof(Paths).Assembly.Location;

    private static string Metadata(string key) =>
        typeof(Paths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException("The test assembly has no '" + key + "' metadata; see Tests.csproj.");
}
