using System;
using System.IO;

namespace AuditWeaver.Policies;

/// <summary>Rules from JSON (.NET 8 and later, where System.Text.Json is part of the framework).</summary>
public sealed partial class AuditPolicyBuilder
{
    /// <summary>
    /// Adds the rules of a JSON policy document, after the rules added so far; its <c>"default"</c>, when present,
    /// replaces the builder's. Relative <c>pathUnder</c> folders are resolved against the current directory. The format
    /// is in docs/runtime.md.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="FormatException">The document is not valid JSON or not a valid policy; the message says where and why.</exception>
    public AuditPolicyBuilder AddJson(string json)
    {
        if (json == null)
        {
            throw new ArgumentNullException(nameof(json));
        }

        PolicyJsonReader.Read(json, "(JSON text)", Directory.GetCurrentDirectory(), this);
        return this;
    }

    /// <summary>
    /// Like <see cref="AddJson"/>, reading the document from a file; relative <c>pathUnder</c> folders are resolved
    /// against the file's folder.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="FormatException">The file is not valid JSON or not a valid policy; the message says where and why.</exception>
    public AuditPolicyBuilder AddJsonFile(string path)
    {
        if (path == null)
        {
            throw new ArgumentNullException(nameof(path));
        }

        var full = Path.GetFullPath(path);
        PolicyJsonReader.Read(File.ReadAllText(full), "'" + full + "'", Path.GetDirectoryName(full)!, this);
        return this;
    }
}
