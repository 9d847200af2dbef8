namespace Vigil.Storage.Sqlite.Series;

/// <summary>Set operations on ascending id arrays.</summary>
internal static class PostingsMath
{
    public static int[] Intersect(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        var result = new int[Math.Min(a.Length, b.Length)];
        int i = 0, j = 0, n = 0;
        while (i < a.Length && j < b.Length)
        {
            var x = a[i];
            var y = b[j];
            if (x == y)
            {
                result[n++] = x;
                i++;
                j++;
            }
            else if (x < y)
            {
                i++;
            }
            else
            {
                j++;
            }
        }
        return n == result.Length ? result : result[..n];
    }
}
