using System.Collections.Generic;
using System.IO;
using AuditWeaver.Fody.Engine;

namespace AuditWeaver.Fody.Applications;

/// <summary>
/// The one set of rules for what in an application is woven: its own assemblies and its dependencies are; the framework's
/// assemblies (found by file name among the frameworks it runs on, or the runtime pack a self-contained app carries), and
/// files with nothing to weave (native code, reference and satellite assemblies, the runtime, woven ones) are not. The
/// build and the command-line tool each find the files and the framework's names their own way and ask here.
/// </summary>
internal static class AssemblyClassifier
{
    internal const string FrameworkReason = "a framework assembly (it is the shared framework's, not the application's code)";

    /// <summary>The one framework assembly that is never woven: it references no other assembly, so it cannot call AuditWeaver.dll.</summary>
    internal const string CoreLibraryFileName = "System.Private.CoreLib.dll";

    internal const string CoreLibraryReason = "System.Private.CoreLib, the runtime's core: it references no other assembly, so it cannot call AuditWeaver.dll (docs/coverage.md says what that leaves out)";

    /// <summary>
    /// Classifies the file at <paramref name="path"/>: by name against <paramref name="frameworkFileNames"/> first (a
    /// framework assembly is not even read), then by its facts. Throws as <see cref="AssemblyFacts.Read"/> does.
    /// </summary>
    /// <remarks>
    /// With <paramref name="weaveFramework"/> (<c>auditweaver weave --framework</c>) a framework assembly is read and
    /// woven like the application's own, but for System.Private.CoreLib and files with nothing to weave; its role stays
    /// <see cref="AssemblyRole.Framework"/>, so that the front knows which woven files are the framework's.
    /// </remarks>
    internal static AssemblyClassification Classify(string path, ISet<string> frameworkFileNames, bool weaveFramework = false)
    {
        var fileName = Path.GetFileName(path);
        if (frameworkFileNames.Contains(fileName))
        {
            if (!weaveFramework)
            {
                return new AssemblyClassification(AssemblyRole.Framework, FrameworkReason, null);
            }

            if (string.Equals(fileName, CoreLibraryFileName, System.StringComparison.OrdinalIgnoreCase))
            {
                return new AssemblyClassification(AssemblyRole.Framework, CoreLibraryReason, null);
            }

            var frameworkFacts = AssemblyFacts.Read(path);
            return new AssemblyClassification(AssemblyRole.Framework, SkipReason(frameworkFacts), frameworkFacts);
        }

        var facts = AssemblyFacts.Read(path);
        var reason = SkipReason(facts);
        return new AssemblyClassification(reason == null ? AssemblyRole.Application : AssemblyRole.Skipped, reason, facts);
    }

    /// <summary>Why an assembly with these facts has nothing to weave, or null when it is woven.</summary>
    internal static string? SkipReason(AssemblyFacts facts)
    {
        if (facts.IsNative)
        {
            return "native code, not a .NET assembly";
        }

        if (facts.IsModuleOnly)
        {
            return "a module of a multi-module assembly, not an assembly of its own";
        }

        if (facts.Name == RuntimeReferences.AssemblyName)
        {
            return "the AuditWeaver runtime, which is never woven";
        }

        if (facts.IsReferenceAssembly)
        {
            return "a reference assembly (metadata only, no code runs from it)";
        }

        if (facts.Culture.Length > 0 && facts.HasNoMethods)
        {
            return "a resource-only satellite assembly (culture " + facts.Culture + ")";
        }

        if (facts.IsWoven)
        {
            return "already woven by AuditWeaver";
        }

        return facts.IsMixedMode ? "a mixed-mode (C++/CLI) assembly, whose native code cannot be rewritten" : null;
    }
}
