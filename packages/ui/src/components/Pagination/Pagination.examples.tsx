import { useState } from 'react';
import { Pagination } from './Pagination.tsx';

/** Five pages; the status says where we are. */
export function Default() {
  const [page, setPage] = useState(1);
  return (
    <Pagination
      label="Pages de la liste"
      hasPrevious={page > 1}
      hasNext={page < 5}
      onPrevious={() => setPage((n) => n - 1)}
      onNext={() => setPage((n) => n + 1)}
      status={`Page ${page} sur 5`}
    />
  );
}

/** A single page: both buttons unavailable but still reachable and explained. */
export function SinglePage() {
  return (
    <Pagination
      hasPrevious={false}
      hasNext={false}
      onPrevious={() => undefined}
      onNext={() => undefined}
      status="Page 1 sur 1"
    />
  );
}
