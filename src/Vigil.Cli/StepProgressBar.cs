namespace Vigil.Cli;

/// <summary>A one-line progress bar over steps of known expected size (e.g. systems of a benchmark) on stderr; silent when stderr is redirected.</summary>
internal sealed class StepProgressBar(TextWriter writer, bool enabled)
{
    private const int Width = 30;
    private int lastFilled = -1;
    private string lastLabel = "";

    public void Report(string label, int step, int steps, int done, int expected)
    {
        if (!enabled)
        {
            return;
        }
        var fraction = (step + Math.Min(1.0, (double)done / Math.Max(1, expected))) / steps;
        var filled = (int)(fraction * Width);
        if (filled == lastFilled && label == lastLabel)
        {
            return;
        }
        lastFilled = filled;
        lastLabel = label;
        writer.Write($"\r[{new string('#', filled)}{new string('.', Width - filled)}] {step + 1}/{steps} {label,-12}");
    }

    public void Clear()
    {
        if (enabled)
        {
            writer.Write($"\r{new string(' ', Width + 32)}\r");
        }
    }
}
