using System.IO;

namespace DriftLibrary;

/// <summary>A helper package's public API: applications that call it write files without calling a file API themselves.</summary>
public static class Store
{
    public static void Save(string path, string text) => File.WriteAllText(path, text);

#if GAINED_PROCESS
    // What version 2 gained: opening a file now starts a process.
    public static void Open(string path) => System.Diagnostics.Process.Start("xdg-open", path)?.Dispose();
#endif
}
