-- wrk script: POST a decision request (a synthetic target, ~30 km inside Russia near Belgorod).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"recipient":"UA","item":"gmlrs","use":"strike","date":"2024-06-10","target":{"lat":50.6,"lon":36.8,"category":"military/artillery"},"launch":{"lat":50.05,"lon":36.45}}'
