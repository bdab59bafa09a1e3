using System.IO;

namespace AuditWeaver.Fody;

/// <summary>Text files the weaver leaves for users and the runtime (weave reports, the framework manifest).</summary>
internal static class TextFile
{
    /// <summary>
    /// Writes <paramref name="text"/> to a temporary file beside <paramref name="path"/> and moves it into place, so that a
    /// failed build never leaves half a file and a reader never finds one (an app would refuse to start with half a manifest).
    /// </summary>
    internal static void WriteWhole(string path, string text)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, text);
        if (File.Exists(path))
        {
            File.Delete(path);
        }

        File.Move(temporary, path);
    }
}
