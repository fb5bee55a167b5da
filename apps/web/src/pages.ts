import type { Account } from './api/account';
import { byId } from './dom';
import type { ReportsPage } from './admin/reports-page';
import type { LifeListPage } from './life-list/life-list-page';

type PageName = 'home' | 'species' | 'reports';

/**
 * The app's pages by the address's hash: #species (the life list, signed in)
 * and #reports (admins); anything else is the home page. The hash keeps them
 * linkable without the gateway serving more paths.
 */
export class PageRouter {
  private readonly main = byId('main');
  private account: Account | null = null;
  private current: PageName = 'home';

  constructor(private readonly pages: { species: LifeListPage; reports: ReportsPage }) {
    window.addEventListener('hashchange', () => this.route());
  }

  setAccount(account: Account | null): void {
    this.account = account;
    this.route(true);
  }

  private route(force = false): void {
    const wanted = location.hash.slice(1);
    const page: PageName = wanted === 'species' && this.account ? 'species' : wanted === 'reports' && this.account?.isAdmin ? 'reports' : 'home';
    if (page === this.current && !force) return;
    const previous = this.current;
    this.current = page;
    this.main.dataset.page = page;
    if (page === 'species') void this.pages.species.show();
    else this.pages.species.hide();
    if (page === 'reports') void this.pages.reports.show();
    else this.pages.reports.hide();
    if (page !== 'home') byId(`${page}-heading`).focus();
    else if (previous !== 'home') this.main.focus();
  }
}
