using System;
using System.Collections.Generic;
using System.Linq;

namespace AuditWeaver.Tool.Scanning;

/// <summary>A step on the way from a project to a package: a package, or a referenced project.</summary>
internal sealed record Dependency(string Name, bool IsProject)
{
    public override string ToString() => IsProject ? "project " + Name : Name;
}

/// <summary>
/// Why a package is in a project's closure: the shortest chain of dependencies from one the project references itself
/// (a package, or a project whose own packages the restore flattened into this one), the way <c>dotnet nuget why</c>
/// answers it. A reviewer of a bump needs it: the package that gained a capability is often three levels down.
/// </summary>
internal static class DependencyPaths
{
    /// <summary>
    /// For each library reached from <paramref name="roots"/>, the dependencies before it, outermost first (empty for a
    /// root). Names compare without case: a nuspec may spell a dependency's id differently from the package itself.
    /// </summary>
    internal static IReadOnlyDictionary<string, IReadOnlyList<Dependency>> Find(IEnumerable<string> roots, IReadOnlyDictionary<string, AssetsLibrary> libraries)
    {
        var previous = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var queue = new Queue<string>();
        foreach (var root in roots.Where(libraries.ContainsKey))
        {
            if (previous.TryAdd(root, null))
            {
                queue.Enqueue(root);
            }
        }

        // Breadth first, so that the chain recorded first for a library is a shortest one.
        while (queue.Count > 0)
        {
            var current = queue.Dequeue();
            foreach (var next in libraries[current].Dependencies.Where(libraries.ContainsKey))
            {
                if (previous.TryAdd(next, current))
                {
                    queue.Enqueue(next);
                }
            }
        }

        var paths = new Dictionary<string, IReadOnlyList<Dependency>>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in previous.Keys)
        {
            var chain = new List<Dependency>();
            for (var step = previous[name]; step != null; step = previous[step])
            {
                chain.Add(new Dependency(libraries[step].Name, libraries[step].IsProject));
            }

            chain.Reverse();
            paths[name] = chain;
        }

        return paths;
    }
}
