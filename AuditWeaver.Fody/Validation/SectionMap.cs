using System.Reflection.PortableExecutable;

namespace AuditWeaver.Fody.Validation;

/// <summary>Maps relative virtual addresses to file offsets through the section table, as Cecil does: only raw data is readable.</summary>
internal sealed class SectionMap
{
    private readonly SectionHeader[] _sections;

    internal SectionMap(PEHeaders headers)
    {
        _sections = new SectionHeader[headers.SectionHeaders.Length];
        headers.SectionHeaders.CopyTo(_sections);
    }

    /// <summary>The file offset of <paramref name="rva"/> and the end of its section's raw data; false outside every section.</summary>
    internal bool TryMap(long rva, out int offset, out int end)
    {
        foreach (var section in _sections)
        {
            var delta = rva - section.VirtualAddress;
            if (delta >= 0 && delta < section.SizeOfRawData)
            {
                offset = section.PointerToRawData + (int)delta;
                end = section.PointerToRawData + section.SizeOfRawData;
                return true;
            }
        }

        offset = end = 0;
        return false;
    }

    /// <summary>Whether <paramref name="size"/> bytes from <paramref name="rva"/> are all in one section's raw data.</summary>
    internal bool Contains(long rva, long size) => size >= 0 && TryMap(rva, out var offset, out var end) && offset + size <= end;
}
