import { lazy, Suspense } from 'react';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { ApiError } from './api/client';
import type { Role } from './auth/session';
import { useSession } from './auth/use-session';
import { LoginPage } from './auth/login.page';
import { Layout } from './shell/layout';
import { Loading } from './shell/states';
import { LobbyPage } from './lobby/lobby.page';

// Everything but the lobby manager's screen loads on demand, so the first screen stays light.
const TasksPage = lazy(() => import('./maintenance/tasks.page'));
const DevicePage = lazy(() => import('./maintenance/device.page'));
const OverviewPage = lazy(() => import('./head/overview.page'));
const BranchReportPage = lazy(() => import('./head/branch-report.page'));
const AdminPage = lazy(() => import('./admin/admin.page'));
const WorkLogPage = lazy(() => import('./lobby/work-log.page'));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
      refetchOnWindowFocus: true,
    },
  },
});

export const HOME: Record<Role, string> = {
  'lobby-manager': '/lobby',
  maintenance: '/tasks',
  'cash-centre': '/tasks',
  'branch-head': '/branches',
  admin: '/admin',
};

function Routed() {
  const session = useSession();
  if (!session) return <LoginPage />;
  return (
    <Layout session={session}>
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route path="/lobby" element={<LobbyPage session={session} />} />
          <Route path="/tasks" element={<TasksPage session={session} />} />
          <Route path="/devices/:id" element={<DevicePage />} />
          <Route path="/branches" element={<OverviewPage />} />
          <Route path="/branches/:id" element={<BranchReportPage />} />
          <Route path="/admin/*" element={<AdminPage />} />
          <Route path="/work-log" element={<WorkLogPage session={session} />} />
          <Route path="*" element={<Navigate to={HOME[session.user.role]} replace />} />
        </Routes>
      </Suspense>
    </Layout>
  );
}

export function App() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} theme={{ token: { colorPrimary: '#b3261e', borderRadius: 6, colorTextDescription: 'rgba(0, 0, 0, 0.65)', colorTextSecondary: 'rgba(0, 0, 0, 0.65)', colorTextTertiary: 'rgba(0, 0, 0, 0.6)', colorLink: '#0b57c6', colorInfo: '#0b57c6' } }}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <Routed />
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
