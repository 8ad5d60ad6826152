import { useEffect, useState } from 'react';

/**
 * An object URL for a Blob (a PDF to show in a frame), released when the Blob changes or the
 * component goes away, so previews rendered again and again do not pile up in memory.
 */
export function useObjectUrl(blob: Blob | null | undefined): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (blob === null || blob === undefined) {
      setUrl(null);
      return;
    }
    const created = URL.createObjectURL(blob);
    setUrl(created);
    return () => URL.revokeObjectURL(created);
  }, [blob]);
  return url;
}
