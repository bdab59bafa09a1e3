using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Tests")]

// The command-line tool is the engine's second front: it writes the same report shape and names callers the same way.
[assembly: InternalsVisibleTo("AuditWeaver.Tool")]


// The MSBuild task weaves an application's dependencies with the same steps and writes the same report shapes.
[assembly: InternalsVisibleTo("AuditWeaver.MSBuild")]
