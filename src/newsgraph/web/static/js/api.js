// Fetch JSON from the API; errors come back in one shape {ok:false, error, code, status}.

export class ApiError extends Error {
  constructor(payload, status) {
    super((payload && payload.error) || "HTTP " + status);
    this.code = payload && payload.code;
    this.status = status;
  }
}

export async function get(path, params) {
  const qs = params ? new URLSearchParams(
    Object.entries(params).filter(([, v]) => v !== null && v !== undefined && v !== "")
  ).toString() : "";
  const response = await fetch("/api/" + path + (qs ? "?" + qs : ""), {
    headers: { Accept: "application/json" },
  });
  let payload = null;
  try {
    payload = await response.json();
  } catch (_) {
    payload = null;
  }
  if (!response.ok) throw new ApiError(payload, response.status);
  return payload;
}
