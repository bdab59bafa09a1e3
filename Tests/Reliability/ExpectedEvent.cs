namespace Tests.Reliability;

/// <summary>Events as <see cref="LibraryChecks"/> describes them, for paths below the seeded folder (&lt;dir&gt;).</summary>
internal static class ExpectedEvent
{
    internal static string Open(string name, string mode, string access) => "file.open(path: " + InFolder(name) + ", mode: \"" + mode + "\", access: \"" + access + "\")";

    internal static string Read(string name) => Open(name, "Open", "Read");

    internal static string Write(string name) => Open(name, "Create", "Write");

    internal static string Stat(string name, string query) => "file.stat(path: " + InFolder(name) + ", query: \"" + query + "\")";

    internal static string Exists(string name) => Stat(name, "exists");

    internal static string Delete(string name) => "file.delete(path: " + InFolder(name) + ")";

    internal static string List(string name, string pattern) => "file.list(path: " + InFolder(name) + ", pattern: \"" + pattern + "\")";

    internal static string DotnetVersion => "process.start(executable: \"dotnet\", arguments: \"--version\", directory: \"<dir>\")";

    private static string InFolder(string name) => "\"<dir>" + (name.Length == 0 ? string.Empty : "/" + name) + "\"";
}
