using System;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Text.Json;

namespace AuditWeaver.Tool.Inputs;

/// <summary>
/// The one place the JSON files the .NET host reads from an application folder (<c>*.runtimeconfig.json</c>,
/// <c>*.deps.json</c>) are read: parsed as the host parses them, and a file that cannot be used turned into a problem
/// that names it and says why, instead of an exception from wherever it was read.
/// </summary>
internal static class HostJsonFile
{
    // As the host's reader (corehost's json_parser) takes them: comments are skipped, a trailing comma is an error.
    private static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip };

    /// <summary>
    /// Parses <paramref name="path"/> and hands its root to <paramref name="read"/>, which may assume the host's format:
    /// a value of another type makes the JSON readers throw InvalidOperationException, and that, like a file that cannot
    /// be opened or is not JSON, comes back as <paramref name="problem"/> (<c>&lt;path&gt;: is damaged (...)</c> or
    /// <c>&lt;path&gt;: cannot be read (...)</c>, without a full stop, for the caller to say what it means).
    /// </summary>
    internal static bool TryRead<T>(string path, Func<JsonElement, T> read, [MaybeNullWhen(false)] out T value, [NotNullWhen(false)] out string? problem)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path), Options);
            value = read(document.RootElement);
            problem = null;
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            problem = path + ": cannot be read (" + exception.Message.TrimEnd('.') + ")";
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            problem = path + ": is damaged (" + exception.Message.TrimEnd('.') + ")";
        }

        value = default;
        return false;
    }
}
