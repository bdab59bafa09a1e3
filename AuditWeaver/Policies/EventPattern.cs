using System;

namespace AuditWeaver.Policies;

/// <summary>An event-name pattern: <c>*</c> stands for any run of characters (dots included), <c>?</c> for one.</summary>
internal sealed class EventPattern
{
    private readonly string _pattern;

    internal EventPattern(string pattern)
    {
        if (string.IsNullOrEmpty(pattern))
        {
            throw new ArgumentException("An event pattern needs at least one character, such as 'file.*' or '*'.", nameof(pattern));
        }

        foreach (var c in pattern)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                throw new ArgumentException("Event pattern '" + pattern + "' contains white space or a control character.", nameof(pattern));
            }
        }

        _pattern = pattern;
    }

    public override string ToString() => _pattern;

    internal bool Matches(string name) => Matches(name, 0, 0);

    private bool Matches(string name, int n, int p)
    {
        while (p < _pattern.Length)
        {
            var c = _pattern[p];
            if (c == '*')
            {
                // Try every split point; patterns are short, so backtracking stays cheap.
                for (var rest = n; rest <= name.Length; rest++)
                {
                    if (Matches(name, rest, p + 1))
                    {
                        return true;
                    }
                }

                return false;
            }

            if (n == name.Length || (c != '?' && c != name[n]))
            {
                return false;
            }

            n++;
            p++;
        }

        return n == name.Length;
    }
}
