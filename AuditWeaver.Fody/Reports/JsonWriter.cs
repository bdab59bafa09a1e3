using System.Globalization;
using System.Text;
using AuditWeaver.Hooks;

namespace AuditWeaver.Fody.Reports;

/// <summary>
/// A small JSON writer: the weaver targets netstandard2.0 and may depend on FodyHelpers only, so no serializer package.
/// Writes indented JSON with properties in the order they are given; strings are quoted by the runtime's rules
/// (<see cref="JsonEscaping"/>, compiled in from the runtime's source).
/// </summary>
internal sealed class JsonWriter
{
    private readonly StringBuilder _text = new();
    private int _depth;
    private bool _first = true;

    public override string ToString() => _text.ToString();

    internal JsonWriter BeginObject(string? name = null) => Open(name, '{');

    internal JsonWriter EndObject() => Close('}');

    internal JsonWriter BeginArray(string? name = null) => Open(name, '[');

    internal JsonWriter EndArray() => Close(']');

    internal JsonWriter Property(string name, string? value)
    {
        Name(name);
        AppendString(value);
        return this;
    }

    internal JsonWriter Property(string name, int? value)
    {
        Name(name);
        _text.Append(value?.ToString(CultureInfo.InvariantCulture) ?? "null");
        return this;
    }

    internal JsonWriter Property(string name, bool value)
    {
        Name(name);
        _text.Append(value ? "true" : "false");
        return this;
    }

    /// <summary>A value that is already JSON (another report), indented to fit where it goes.</summary>
    internal JsonWriter Raw(string? name, string json)
    {
        Name(name);
        _text.Append(json.Trim().Replace("\n", "\n" + new string(' ', _depth * 2)));
        return this;
    }

    internal JsonWriter Value(string? value)
    {
        Name(null);
        AppendString(value);
        return this;
    }

    private JsonWriter Open(string? name, char bracket)
    {
        Name(name);
        _text.Append(bracket);
        _depth++;
        _first = true;
        return this;
    }

    private JsonWriter Close(char bracket)
    {
        _depth--;
        if (!_first)
        {
            NewLine();
        }

        _text.Append(bracket);
        _first = false;
        return this;
    }

    private void Name(string? name)
    {
        if (_depth > 0)
        {
            if (!_first)
            {
                _text.Append(',');
            }

            NewLine();
        }

        _first = false;
        if (name != null)
        {
            AppendString(name);
            _text.Append(": ");
        }
    }

    private void NewLine() => _text.Append('\n').Append(' ', _depth * 2);

    private void AppendString(string? value)
    {
        if (value == null)
        {
            _text.Append("null");
        }
        else
        {
            JsonEscaping.AppendQuoted(_text, value);
        }
    }
}
