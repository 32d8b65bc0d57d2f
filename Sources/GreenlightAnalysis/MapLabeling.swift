import GreenlightGeodesy

/// The place names every Greenlight map carries: the regions a question is about and a dozen cities
/// for orientation, decluttered by `MapCanvas.placeLabels`.
public enum MapLabeling {
    /// At most this many region labels and city labels per map.
    public static let maxRegions = 25, maxCities = 12

    /// Labels the regions in the canvas's box whose codes are given (ISO 3166-2 such as UA-63, Natural
    /// Earth adm1_code, or a country code for all its regions), or, with nil, any first-level region in
    /// the box, nearest the centre first; then the largest cities. Call it once per canvas, at any point:
    /// labels are drawn above the other layers.
    public static func drawLabels(on canvas: inout MapCanvas, regionCodes: Set<String>?) {
        // More candidates than places: when a large city's label would collide, the next one may fit.
        let cities = MapLabels.cities(in: canvas.box, limit: maxCities * 3)
        let named = cities.prefix(maxCities)
        // A city that is its own region ("Kyiv City", "Moscow City") is named once, as a city; a region
        // named after its capital (Kursk, Kharkiv) keeps its label.
        let regions = MapLabels.regions(in: canvas.box, codes: regionCodes).filter { region in
            !named.contains { city in
                region.name == city.name + " City" && WGS84.shared.distanceMeters(region.point, city.point) < 40_000
            }
        }
        canvas.placeLabels(regions: regions, cities: cities, maxRegions: maxRegions, maxCities: maxCities)
    }
}
