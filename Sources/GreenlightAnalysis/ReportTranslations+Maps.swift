extension ReportTranslations {
    /// Map legends, captions and the scale bar (ReachMap, Comparison.map, MapCanvas).
    static let maps: [String: String] = [
        "in range": "binnen bereik",
        "permitted under both — {0} km²": "toegestaan in beide — {0} km²",
        "permitted under A only ({0}) — {1} km²": "alleen toegestaan onder A ({0}) — {1} km²",
        "permitted under B only ({0}) — {1} km²": "alleen toegestaan onder B ({0}) — {1} km²",
        "Borders: Natural Earth (public domain).": "Grenzen: Natural Earth (publiek domein).",
        "N": "N",
        "S": "Z",
        "scale along {0}": "schaal langs {0}",
        "within {0} km of {1} in {2} — {3} km²": "binnen {0} km van {1} in {2} — {3} km²",
        "within {0} km of {1} — {2} km²": "binnen {0} km van {1} — {2} km²",
        "permitted by {0} — {1} km²": "toegestaan door {0} — {1} km²",
        "everyone (no consent needed)": "iedereen (geen toestemming nodig)",
        "synthetic site: permitted, in range": "synthetische locatie: toegestaan, binnen bereik",
        "synthetic site: in range, not permitted": "synthetische locatie: binnen bereik, niet toegestaan",
        "synthetic site: out of range": "synthetische locatie: buiten bereik",
        "Borders: Natural Earth (public domain), {0} view.": "Grenzen: Natural Earth (publiek domein), {0}-weergave.",
        "Sites are synthetic.": "De locaties zijn synthetisch.",
        "Zones are polygons on the WGS84 ellipsoid whose boundary lies within {0} m of the exact one; areas are their geodesic areas.":
            "Zones zijn polygonen op de WGS84-ellipsoïde waarvan de rand binnen {0} m van de exacte rand ligt; oppervlakten zijn hun geodetische oppervlakten.",
        "launch area {0}": "lanceergebied {0}",
        "territory measured: {0}": "gemeten grondgebied: {0}",
    ]
}
