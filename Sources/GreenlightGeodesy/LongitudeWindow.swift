import Foundation

/// The longitudes a set of edges spans: the complement of the largest gap that no edge covers, found
/// on 0.1° bins, so that an area across the antimeridian gets one contiguous window (its east end
/// may then exceed 180).
struct LongitudeWindow {
    /// Western end of the window.
    let originLongitude: Double
    /// Width of the window, at most 360.
    let windowDegrees: Double

    /// `span(i)` gives edge `i`'s start longitude and its signed longitude extent.
    init(count: Int, span: (Int) -> (start: Double, degrees: Double)) {
        let bins = 3600
        var covered = [Bool](repeating: false, count: bins)
        for i in 0..<count {
            let (start, degrees) = span(i)
            let lo = min(start, start + degrees), hi = max(start, start + degrees)
            var b = Int(floor((lo + 180) * 10)), e = Int(floor((hi + 180) * 10))
            if e - b >= bins { b = 0; e = bins - 1 }
            for k in b...e { covered[((k % bins) + bins) % bins] = true }
        }
        var bestGapStart = 0, bestGapLength = 0
        if let firstCovered = covered.firstIndex(of: true) {
            var k = 0, run = 0, runStart = 0
            while k < bins {
                let idx = (firstCovered + k) % bins
                if !covered[idx] { if run == 0 { runStart = idx }; run += 1 } else { run = 0 }
                if run > bestGapLength { bestGapLength = run; bestGapStart = runStart }
                k += 1
            }
        }
        if bestGapLength >= 2 {
            // Keep one bin of margin on each side of the window.
            originLongitude = Double(bestGapStart + bestGapLength - 1) / 10 - 180
            windowDegrees = Double(bins - bestGapLength + 2) / 10
        } else {
            originLongitude = -180
            windowDegrees = 360
        }
    }
}
