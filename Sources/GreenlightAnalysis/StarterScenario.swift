import Foundation

/// The commented starter files that `greenlight init` writes: a scenario and its cases, with
/// illustrative facts and real borders, that validate and check as written. They are
/// `docs/examples/starter/` but for the first line, where the schema's path is relative to the docs.
public enum StarterScenario {
    public static let scenarioFileName = "scenario.yaml"
    public static let casesFileName = "cases.yaml"

    /// Writes both files into `directory`, creating it when missing, and returns their URLs. Refuses,
    /// writing neither, when either file exists; never overwrites one that appears meanwhile.
    public static func write(into directory: URL) throws(OutputFileError) -> [URL] {
        let files = [(directory.appendingPathComponent(scenarioFileName), scenario),
                     (directory.appendingPathComponent(casesFileName), cases)]
        let manager = FileManager.default
        for (url, _) in files where manager.fileExists(atPath: url.path) {
            throw OutputFileError(path: url.path, message: "already exists; init never overwrites a file (choose another folder or move it away)")
        }
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: directory.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw OutputFileError(path: directory.path, message: "is a file, not a folder")
        }
        do { try manager.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
            throw OutputFileError(path: directory.path, message: "cannot create the folder (\(error.localizedDescription))")
        }
        for (url, text) in files {
            do { try Data(text.utf8).write(to: url, options: .withoutOverwriting) } catch {
                throw OutputFileError(path: url.path, message: "cannot write it (\(error.localizedDescription))")
            }
        }
        return files.map(\.0)
    }

    static let scenario = #"""
# For completion in your editor, replace this line by the yaml-language-server $schema line that names docs/scenario.schema.json of Greenlight (see docs/scenario-format.md).
# A starter scenario. Everything in it is illustrative: the product, its value, the transfer, the
# dates and every policy are made up for the example. Country codes and borders are real.
# Replace the facts with ones you can source, and keep `greenlight validate` passing.
greenlight: 1
name: Starter scenario (illustrative)
view: de-jure                  # de-jure (the default) or de-facto: which borders UA and RU have

areas:                         # named areas, used by policies and by other areas
  PL: {country: PL}
  LT: {country: LT}
  BY: {country: BY}
  home: {any: [PL, LT]}                                   # a union of named areas
  border-strip: {all: [home, {within_km: 30, of: BY}]}    # the part of home within 30 km of Belarus
  test-range: {circle: {lat: 53.0, lon: 18.0, radius_km: 25}}

states:                        # every state the scenario names
  DE: {name: Germany, groups: [NATO]}
  US: {name: United States, groups: [NATO]}
  PL: {name: Poland, groups: [NATO]}
  LT: {name: Lithuania, groups: [NATO]}

items:
  example-radar:
    name: Example radar (illustrative)
    origin: DE                 # made in Germany
    range_km: 120              # optional: lets a case with a launch point report in_range
    value: 100                 # needed because a de-minimis rule applies to its EAR component
    components:
      - {name: signal processor (illustrative), origin: US, regime: EAR, value: 30}
    source: illustrative example, not a real product

transfers:
  - {item: example-radar, from: DE, to: PL, date: 2024-03-01, source: illustrative}

jurisdiction:                  # whose consent a use needs
  - {rule: supplier}           # every state that transferred the item to the recipient
  - {rule: origin}             # the state that made it
  - {rule: de-minimis, regime: EAR, percent: 25, group_percent: {NATO: 10}}   # US content 30% > 10%

policies:
  - id: de-surveillance-at-home
    authority: DE
    effect: permit
    uses: [surveillance]
    recipients: [PL]
    target_in: home
    from: 2024-03-01           # inclusive
    status: hypothetical       # official, reported or hypothetical: shown, never decisive
    source: illustrative
  - id: de-no-border-strip
    authority: DE
    effect: forbid             # a forbid wins over any permit of the same state
    uses: [surveillance]
    target_in: border-strip
    until: 2024-12-31          # inclusive: the last day it applies
    status: hypothetical
  - id: us-surveillance
    authority: US
    effect: permit
    uses: [surveillance]
    item_origin: [DE]
    target_not_in: BY
    categories: [military]     # matches military and military/... (per path segment)
    status: hypothetical

variants:                      # hypothetical changes, chosen with --variant or a case's variant
  strip-open:
    description: Germany lifts the border-strip restriction (illustrative)
    remove: [de-no-border-strip]
  test-range-only:
    description: Germany permits surveillance only on the test range (illustrative)
    remove: [de-surveillance-at-home]
    add:
      - {id: de-test-range, authority: DE, effect: permit, uses: [surveillance], target_in: test-range, status: hypothetical}

"""#

    static let cases = #"""
# For completion in your editor, replace this line by the yaml-language-server $schema line that names docs/cases.schema.json of Greenlight (see docs/scenario-format.md).
# Cases for the starter scenario: `greenlight check cases.yaml` decides each request and compares the
# answer with `expect`. Every point is a synthetic point chosen for the example, not a real site.
greenlight-cases: 1
scenario: scenario.yaml        # relative to this file
cases:
  - name: surveillance over central Poland, both states permit
    request: {recipient: PL, item: example-radar, use: surveillance, date: 2024-06-01,
              target: {lat: 52.2, lon: 19.0, category: military/airfield}}
    expect: {decision: permit, required: [DE, US], missing: []}
  - name: before the transfer the use is denied, whatever the policies say
    request: {recipient: PL, item: example-radar, use: surveillance, date: 2024-02-01,
              target: {lat: 52.2, lon: 19.0, category: military/airfield}}
    expect: {decision: deny, reason: not-transferred}
  - name: 18 km from Belarus, the German forbid wins over the German permit
    request: {recipient: PL, item: example-radar, use: surveillance, date: 2024-06-01,
              target: {lat: 52.74, lon: 23.5, category: military}}
    expect: {decision: deny, required: [DE, US], missing: [DE]}
  - name: the forbid still applies on its until date (inclusive)
    request: {recipient: PL, item: example-radar, use: surveillance, date: 2024-12-31,
              target: {lat: 52.74, lon: 23.5, category: military}}
    expect: {decision: deny, missing: [DE]}
  - name: the day after until, the forbid no longer applies
    request: {recipient: PL, item: example-radar, use: surveillance, date: 2025-01-01,
              target: {lat: 52.74, lon: 23.5, category: military}}
    expect: {decision: permit, missing: []}
  - name: the same place under the variant that lifts the forbid
    request: {recipient: PL, item: example-radar, use: surveillance, date: 2024-06-01, variant: strip-open,
              target: {lat: 52.74, lon: 23.5, category: military}}
    expect: {decision: permit, missing: []}
  - name: a target outside the military categories - the US permit does not apply
    request: {recipient: PL, item: example-radar, use: surveillance, date: 2024-06-01,
              target: {lat: 52.2, lon: 19.0, category: civilian/port}}
    expect: {decision: deny, required: [DE, US], missing: [US]}
  - name: a launch point 145 km away - out of range, and the decision is still permit
    request: {recipient: PL, item: example-radar, use: surveillance, date: 2024-06-01,
              target: {lat: 52.2, lon: 19.0, category: military}, launch: {lat: 52.4, lon: 16.9}}
    expect: {decision: permit, in_range: false}
  - name: under the test-range variant only the circle is permitted
    request: {recipient: PL, item: example-radar, use: surveillance, date: 2024-06-01, variant: test-range-only,
              target: {lat: 53.0, lon: 18.1, category: military}, launch: {lat: 52.4, lon: 16.9}}
    expect: {decision: permit, missing: [], in_range: true}
  - name: under the test-range variant central Poland is no longer permitted by Germany
    request: {recipient: PL, item: example-radar, use: surveillance, date: 2024-06-01, variant: test-range-only,
              target: {lat: 52.2, lon: 19.0, category: military}}
    expect: {decision: deny, missing: [DE]}

"""#
}
