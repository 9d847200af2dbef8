using System.Globalization;
using Vigil.Core.Topology;
using Vigil.Correlation.Csv;

namespace Vigil.Correlation.Topology;

/// <summary>
/// Reads a call graph written as an adjacency matrix (PetShop's <c>graph.csv</c>): node names as the header row and
/// the first column, a non-zero cell at (row, column) meaning "row calls column".
/// </summary>
public static class AdjacencyMatrixCsv
{
    /// <summary>Parses the matrix; every node becomes an entity, every non-zero cell a <see cref="EdgeKind.Calls"/> edge.</summary>
    /// <exception cref="FormatException">The text is not such a matrix; the message names the line and column.</exception>
    public static TopologyGraph Parse(TextReader reader, EdgeKind kind = EdgeKind.Calls)
    {
        ArgumentNullException.ThrowIfNull(reader);
        string[]? header = null;
        var edges = new List<TopologyEdge>();
        var rows = new List<string>();
        foreach (var (line, fields) in CsvRecords.Read(reader))
        {
            if (header is null)
            {
                if (fields.Length < 2)
                {
                    throw new FormatException($"line {line}: the header needs an empty first cell and one node name per column");
                }
                header = fields;
                continue;
            }
            if (fields.Length != header.Length)
            {
                throw new FormatException($"line {line}: {fields.Length} cells, the header has {header.Length}");
            }
            var from = fields[0];
            if (from.Length == 0)
            {
                throw new FormatException($"line {line}, column 1: empty node name");
            }
            rows.Add(from);
            for (var c = 1; c < fields.Length; c++)
            {
                if (!double.TryParse(fields[c], NumberStyles.Float, CultureInfo.InvariantCulture, out var weight))
                {
                    throw new FormatException($"line {line}, column {c + 1}: \"{fields[c]}\" is not a number");
                }
                if (weight != 0)
                {
                    edges.Add(new TopologyEdge(from, header[c], kind));
                }
            }
        }
        if (header is null)
        {
            throw new FormatException("line 1: empty matrix");
        }
        var entities = header.Skip(1).Concat(rows).Where(static n => n.Length > 0).Distinct(StringComparer.Ordinal).Select(static n => new Entity(n));
        return TopologyGraph.Create(entities, edges);
    }
}
