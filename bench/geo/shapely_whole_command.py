#!/usr/bin/env python3
"""The shapely peer of `greenlight geo distance` as a whole process (bench/geo): read "lat lon" lines from a
file with numpy, load the polygon from GeoJSON, prepare it, answer contains_xy for every point, and write one
answer line per point (1 inside, 0 outside) to stdout. Usage: shapely_whole_command.py POINTS.txt POLYGON.geojson
"""
import json
import sys

import numpy as np
import shapely

points = np.loadtxt(sys.argv[1], dtype=np.float64, ndmin=2)
geometry = shapely.geometry.shape(json.load(open(sys.argv[2]))["geometry"])
shapely.prepare(geometry)
inside = shapely.contains_xy(geometry, points[:, 1], points[:, 0])
answers = np.full(2 * len(inside), ord("\n"), dtype=np.uint8)
answers[0::2] = inside.astype(np.uint8) + ord("0")
sys.stdout.buffer.write(answers.tobytes())
