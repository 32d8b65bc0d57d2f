extension ReportTranslations {
    /// The timeline chart and the change points it marks (TimelineChart, TimelineDates).
    static let timeline: [String: String] = [
        "{0} transfers {1}": "{0} levert {1}",
        "{0} starts": "{0} begint",
        "{0} ends after {1}": "{0} eindigt na {1}",
        "start of the period": "begin van de periode",
        "permitted": "toegestaan",
        "{0}: permitted {1} km² ({2})": "{0}: toegestaan {1} km² ({2})",
        "permitted by every required state": "toegestaan door elke vereiste staat",
        "{0}: permitted area over time": "{0}: toegestaan gebied in de tijd",
    ]
}
