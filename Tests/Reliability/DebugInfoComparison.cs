using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace Tests.Reliability;

/// <summary>
/// What a debugger reads about each method of an assembly, before and after weaving, in a form the two can be compared
/// in: every IL offset (of a sequence point, a scope, an await, a hoisted local's range) becomes the woven instruction
/// it belongs to. The instructions of the two bodies are aligned (longest common subsequence of their listings); an
/// offset on an inserted or replaced instruction belongs to the next instruction the two have in common, which is
/// where a breakpoint set there stops. So a sequence point that stayed on its user instruction, or moved to the start
/// of the code inserted in front of it, reads the same in both; one that moved anywhere else does not.
/// </summary>
internal static class DebugInfoComparison
{
    internal static readonly Guid AsyncSteppingKind = new("54FD2AC5-E925-401A-9C2A-F94F171072F8");
    private static readonly Guid s_hoistedLocalScopes = new("6DA9A61E-F8C7-4874-BE62-68BC5630DF71");

    /// <summary>Per method of <paramref name="original"/> (by type, name and position among its overloads), the
    /// original's debug facts and the woven's, with the sequence points of inserted code taken out.</summary>
    internal static IEnumerable<(string Method, IReadOnlyList<string> Original, IReadOnlyList<string> Woven)> Methods(DebugImage original, DebugImage woven)
    {
        var wovenMethods = MethodsByKey(woven.Metadata);
        foreach (var (key, handle) in MethodsByKey(original.Metadata))
        {
            var wovenHandle = wovenMethods[key];
            var originalDefinition = original.Metadata.GetMethodDefinition(handle);
            if (originalDefinition.RelativeVirtualAddress == 0)
            {
                continue;
            }

            var before = ILListing.Read(original.Metadata, original.Body(handle));
            var after = ILListing.Read(woven.Metadata, woven.Body(wovenHandle));
            var alignment = Align(before.Texts, after.Texts);
            var fromOriginal = new Attribution(before, alignment.OriginalToWoven.Select(j => j < 0 ? (int?)null : j).ToArray());
            var fromWoven = new Attribution(after, alignment.WovenAligned.Select((aligned, j) => aligned ? (int?)j : null).ToArray());

            var originalFacts = Facts(original, handle, fromOriginal).ToList();
            var wovenFacts = Facts(woven, wovenHandle, fromWoven).ToList();
            var userPoints = originalFacts.Where(f => f.StartsWith("sp ", StringComparison.Ordinal)).Select(PointAnchor).ToHashSet();
            wovenFacts.RemoveAll(f => f.StartsWith("sp ", StringComparison.Ordinal) && !userPoints.Contains(PointAnchor(f)));
            yield return (key, originalFacts, wovenFacts);
        }
    }

    private static string PointAnchor(string fact) => fact.Split(' ')[1];

    private static IEnumerable<string> Facts(DebugImage image, MethodDefinitionHandle method, Attribution at)
    {
        var pdb = image.Pdb;
        if (pdb == null)
        {
            yield break;
        }

        var debug = pdb.GetMethodDebugInformation(method);
        foreach (var point in debug.GetSequencePoints())
        {
            var document = pdb.GetString(pdb.GetDocument(point.Document).Name);
            yield return "sp " + at.Offset(point.Offset) + " " + (point.IsHidden ? "hidden" : document + " " + point.StartLine + ":" + point.StartColumn + "-" + point.EndLine + ":" + point.EndColumn);
        }

        foreach (var scopeHandle in pdb.GetLocalScopes(method))
        {
            var scope = pdb.GetLocalScope(scopeHandle);
            var variables = scope.GetLocalVariables().Select(v => pdb.GetLocalVariable(v)).Select(v => pdb.GetString(v.Name) + "#" + v.Index + (v.Attributes == 0 ? string.Empty : "/" + v.Attributes));
            var constants = scope.GetLocalConstants().Select(c => pdb.GetLocalConstant(c)).Select(c => pdb.GetString(c.Name) + "=" + Convert.ToHexString(pdb.GetBlobBytes(c.Signature)));
            yield return "scope " + at.Offset(scope.StartOffset) + ".." + at.Offset(scope.EndOffset) + " locals " + string.Join(",", variables) + " constants " + string.Join(",", constants);
        }

        var kickoff = debug.GetStateMachineKickoffMethod();
        if (!kickoff.IsNil)
        {
            yield return "state machine of " + ILListing.MemberName(image.Metadata, kickoff);
        }

        foreach (var information in pdb.GetCustomDebugInformation(method).Select(pdb.GetCustomDebugInformation))
        {
            var kind = pdb.GetGuid(information.Kind);
            var blob = pdb.GetBlobReader(information.Value);
            if (kind == AsyncSteppingKind)
            {
                foreach (var fact in AsyncStepping(image, blob, at))
                {
                    yield return fact;
                }
            }
            else if (kind == s_hoistedLocalScopes)
            {
                var ranges = new List<string>();
                while (blob.RemainingBytes > 0)
                {
                    var start = blob.ReadInt32();
                    var length = blob.ReadInt32();
                    ranges.Add(length == 0 ? "unused" : at.Offset(start) + ".." + at.Offset(start + length));
                }

                yield return "hoisted locals " + string.Join(",", ranges);
            }
            else
            {
                yield return "custom " + kind + " " + Convert.ToHexString(blob.ReadBytes(blob.Length));
            }
        }
    }

    // AsyncMethodSteppingInformation: the catch handler's offset + 1 (0: none), then per await the offset after the
    // suspension, the offset where execution resumes, and the method that resumes (MoveNext's row).
    private static IEnumerable<string> AsyncStepping(DebugImage image, BlobReader blob, Attribution at)
    {
        var catchOffset = blob.ReadUInt32();
        var text = "async awaits";
        while (blob.RemainingBytes > 0)
        {
            var yieldOffset = blob.ReadInt32();
            var resumeOffset = blob.ReadInt32();
            var resumeMethod = MetadataTokens.MethodDefinitionHandle(blob.ReadCompressedInteger());
            text += " " + at.Offset(yieldOffset) + "->" + at.Offset(resumeOffset) + " in " + ILListing.MemberName(image.Metadata, resumeMethod);
        }

        return new[] { "async catch " + (catchOffset == 0 ? "none" : at.Offset((int)catchOffset - 1)), text };
    }

    // Methods keyed by declaring type, name and position among the type's methods of that name: weaving appends
    // members, it never reorders them.
    private static Dictionary<string, MethodDefinitionHandle> MethodsByKey(MetadataReader metadata)
    {
        var result = new Dictionary<string, MethodDefinitionHandle>();
        foreach (var typeHandle in metadata.TypeDefinitions)
        {
            var typeName = ILListing.MemberName(metadata, typeHandle);
            var seen = new Dictionary<string, int>();
            foreach (var methodHandle in metadata.GetTypeDefinition(typeHandle).GetMethods())
            {
                var name = metadata.GetString(metadata.GetMethodDefinition(methodHandle).Name);
                seen[name] = seen.TryGetValue(name, out var count) ? count + 1 : 0;
                result[typeName + "::" + name + "#" + seen[name]] = methodHandle;
            }
        }

        return result;
    }

    private static (int[] OriginalToWoven, bool[] WovenAligned) Align(IReadOnlyList<string> original, IReadOnlyList<string> woven)
    {
        var n = original.Count;
        var m = woven.Count;
        var common = new int[n + 1, m + 1];
        for (var i = n - 1; i >= 0; i--)
        {
            for (var j = m - 1; j >= 0; j--)
            {
                common[i, j] = original[i] == woven[j] ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);
            }
        }

        var originalToWoven = Enumerable.Repeat(-1, n).ToArray();
        var wovenAligned = new bool[m];
        for (int i = 0, j = 0; i < n && j < m;)
        {
            if (original[i] == woven[j] && common[i, j] == common[i + 1, j + 1] + 1)
            {
                originalToWoven[i] = j;
                wovenAligned[j] = true;
                i++;
                j++;
            }
            else if (common[i + 1, j] >= common[i, j + 1])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return (originalToWoven, wovenAligned);
    }

    /// <summary>Turns an IL offset of one body into the woven instruction it belongs to ("@index", or "@end").</summary>
    private sealed class Attribution
    {
        private readonly ILListing _listing;
        private readonly int?[] _anchors;

        // anchors[i]: the woven index instruction i of this body is aligned with, or null when it has no counterpart.
        internal Attribution(ILListing listing, int?[] anchors)
        {
            _listing = listing;
            _anchors = anchors;
        }

        internal string Offset(int offset)
        {
            if (offset == _listing.Size)
            {
                return "@end";
            }

            if (_listing.IndexAt(offset) is not int start)
            {
                return "@inside-an-instruction";
            }

            for (var i = start; i < _anchors.Length; i++)
            {
                if (_anchors[i] is int anchor)
                {
                    return "@" + anchor.ToString(CultureInfo.InvariantCulture);
                }
            }

            return "@end";
        }
    }
}
