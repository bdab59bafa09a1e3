using System;
using System.IO;
using System.Linq;
using System.Reactive.Linq;
using System.Text;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Utilities.Encoders;
using Spectre.Console;

namespace Corpus;

/// <summary>Large libraries of other shapes: cryptography (BouncyCastle), reactive streams (System.Reactive), console rendering (Spectre.Console).</summary>
internal static class Libraries
{
    internal static void Run(Report report)
    {
        var text = Encoding.UTF8.GetBytes("The quick brown fox jumps over the lazy dog");
        report.Step("bouncycastle.sha256", () =>
        {
            var digest = new Sha256Digest();
            digest.BlockUpdate(text, 0, text.Length);
            var hash = new byte[digest.GetDigestSize()];
            digest.DoFinal(hash, 0);
            return Hex.ToHexString(hash);
        });
        var key = new KeyParameter(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
        var nonce = Enumerable.Range(100, 12).Select(i => (byte)i).ToArray();
        var sealedText = Gcm(true, key, nonce, text);
        report.Step("bouncycastle.gcm", () => Hex.ToHexString(sealedText) + " -> " + Encoding.UTF8.GetString(Gcm(false, key, nonce, sealedText)));
        report.Step("bouncycastle.tampered", () =>
        {
            var tampered = (byte[])sealedText.Clone();
            tampered[3] ^= 1;
            return Gcm(false, key, nonce, tampered);
        });

        report.Step("reactive", () => string.Join(" ", Observable.Range(1, 10).Where(i => i % 2 == 0).Select(i => i * i).Buffer(2).Select(b => string.Join("+", b)).ToList().Wait()));
        report.Step("reactive.error", () => Observable.Range(1, 3).Select(i => 10 / (i - 2)).ToList().Wait());

        report.Step("spectre", () =>
        {
            var writer = new StringWriter();
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(writer) });
            console.Profile.Width = 40;
            console.Write(new Table().AddColumn("product").AddColumn(new TableColumn("qty").RightAligned()).AddRow("gear", "3").AddRow("lever, long", "1"));
            console.MarkupLine("[bold]total[/] [green]4[/]");
            return writer.ToString();
        });
        report.Step("spectre.markup", () => Markup.Escape("[x]") + " " + new Markup("[bold]unclosed").Length);
    }

    private static byte[] Gcm(bool encrypt, KeyParameter key, byte[] nonce, byte[] input)
    {
        var cipher = new GcmBlockCipher(new AesEngine());
        cipher.Init(encrypt, new AeadParameters(key, 128, nonce));
        var output = new byte[cipher.GetOutputSize(input.Length)];
        var length = cipher.ProcessBytes(input, 0, input.Length, output, 0);
        length += cipher.DoFinal(output, length);
        return output.AsSpan(0, length).ToArray();
    }
}
